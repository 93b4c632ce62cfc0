import { describe, expect, it } from '@jest/globals';
import { hasForbiddenControl, isBlank, isSingleLine } from './text-rules.js';

describe('text rules', () => {
  it('any text: tab, LF and CR only; no other C0, DEL or C1 control', () => {
    expect(hasForbiddenControl('line one\r\nline two\tend')).toBe(false);
    expect(hasForbiddenControl('中文 ok')).toBe(false);
    for (const control of ['\u0000', '\u0007', '\u000b', '\u001b', '\u007f', '\u0085', '\u009f'])
      expect(hasForbiddenControl(`a${control}b`)).toBe(true);
  });

  it('one line: no control character at all, no line or paragraph separator', () => {
    expect(isSingleLine('王芳 Building 7, Lane 88')).toBe(true);
    for (const breaker of ['\n', '\r', '\t', '\u2028', '\u2029', '\u0000'])
      expect(isSingleLine(`a${breaker}b`)).toBe(false);
  });

  it('blank: nothing visible once whitespace and invisible characters are gone', () => {
    for (const blank of ['', ' ', '\u200b\u200b', '\u3000', '\ufeff', ' \u200d\u2060 ', '\u3164', '\u2800'])
      expect(isBlank(blank)).toBe(true);
    for (const text of ['a', ' 漏水 ', '\u200bx']) expect(isBlank(text)).toBe(false);
  });
});
