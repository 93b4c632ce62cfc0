import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import './console.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

/**
 * antd's Select keeps a hidden listbox for screen readers (`<id>_list`) without a name, which axe
 * reports as a serious violation (aria-input-field-name). It gets the name of its field's label.
 */
new MutationObserver(() => {
  for (const listbox of document.querySelectorAll<HTMLElement>(
    '[role="listbox"][id$="_list"]:not([aria-label])',
  )) {
    const inputId = listbox.id.slice(0, -'_list'.length);
    const label = document.querySelector(`label[for="${CSS.escape(inputId)}"]`)?.textContent;
    const input = document.getElementById(inputId);
    const name = label || input?.getAttribute('aria-label') || input?.getAttribute('title');
    if (name) listbox.setAttribute('aria-label', name);
  }
}).observe(document.body, { childList: true, subtree: true });
