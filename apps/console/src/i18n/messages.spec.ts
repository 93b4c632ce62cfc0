import { describe, expect, it } from '@jest/globals';
import { fieldLabel } from './field-names';
import { MESSAGES, translate, type Catalogue } from './messages';

const HAN = /[\u3400-\u9fff]/;
/** The language switch's own label names the other language, so it is written in that one. */
const NAMES_THE_OTHER_LANGUAGE = new Set(['app.language']);

describe('every label of the console in Chinese and in English', () => {
  const entries = Object.entries(MESSAGES as Catalogue);

  it('given the catalogue, then each key has a Chinese label written in Chinese', () => {
    const missing = entries
      .filter(([key, { zh }]) => !NAMES_THE_OTHER_LANGUAGE.has(key) && !(zh.trim() && HAN.test(zh)))
      .map(([key]) => key);
    expect(missing).toEqual([]);
  });

  it('given the catalogue, then each key has an English label with no Chinese in it', () => {
    const missing = entries
      .filter(([key, { en }]) => !NAMES_THE_OTHER_LANGUAGE.has(key) && !(en.trim() && !HAN.test(en)))
      .map(([key]) => key);
    expect(missing).toEqual([]);
  });

  it('when the language switches, then the switch names the other language', () => {
    expect(translate('zh', 'app.language')).toBe('English');
    expect(translate('en', 'app.language')).toBe('中文');
  });

  it('given a request field, then its label comes in both languages', () => {
    expect(fieldLabel('zh', 'reason')).toBe('理由');
    expect(fieldLabel('en', 'reason')).toBe('Reason');
  });
});
