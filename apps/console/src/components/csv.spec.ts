import { describe, expect, it } from '@jest/globals';
import { toCsv } from './csv';

describe('CSV exports', () => {
  it('starts with a BOM so Excel reads Chinese, quotes what needs it, ends lines with CRLF', () => {
    expect(
      toCsv(
        ['单位', '得分'],
        [
          ['文昌路社区, 一组', 0.9],
          ['say "hi"', null],
        ],
      ),
    ).toBe('\uFEFF单位,得分\r\n"文昌路社区, 一组",0.9\r\n"say ""hi""",\r\n');
  });

  it('quotes cells a spreadsheet would run as a formula', () => {
    expect(toCsv(['a'], [['=1+1'], ['-2']])).toBe('\uFEFFa\r\n"=1+1"\r\n"-2"\r\n');
  });
});
