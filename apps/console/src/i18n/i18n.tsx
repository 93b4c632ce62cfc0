import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { translate, translateTerm, type Language, type MessageKey } from './messages';

/** The chosen language is no personal data: it is the one thing the console keeps in localStorage. */
const LANGUAGE_KEY = 'gridcase.console.language';

interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  t(key: MessageKey): string;
  /** An API enum value in words (status, caseType, level, stage, role, urgency, source). */
  term(group: string, value: string | null | undefined): string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLanguage(): Language {
  try {
    return localStorage.getItem(LANGUAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  const setLanguage = useCallback((next: Language) => {
    setLanguageState(next);
    document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
    try {
      localStorage.setItem(LANGUAGE_KEY, next);
    } catch {
      // storage refused: the choice lasts for this page
    }
  }, []);
  const value = useMemo<I18n>(
    () => ({
      language,
      setLanguage,
      t: (key) => translate(language, key),
      term: (group, value) => translateTerm(language, group, value),
    }),
    [language, setLanguage],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n outside I18nProvider');
  return context;
}
