// CSV export (RFC 4180): fields with commas, quotes or line breaks are quoted, quotes doubled, null is empty, and
// numbers read without float noise.
import { describe, expect, it } from 'vitest';
import { csvNumber, toCsv } from '../../../src-shared/csv';

describe('toCsv', () => {
  it('quotes only what needs it', () => {
    expect(
      toCsv(
        ['a', 'b,c'],
        [
          [1, 'say "hi"'],
          [null, 'two\nlines'],
        ],
      ),
    ).toBe('a,"b,c"\r\n1,"say ""hi"""\r\n,"two\nlines"\r\n');
  });

  it('writes numbers at their shortest, without float noise', () => {
    expect(toCsv(['top1', 'alpha'], [[0.9940000000000001, 0.1 + 0.2]])).toBe('top1,alpha\r\n0.994,0.3\r\n');
  });
});

describe('csvNumber', () => {
  it('keeps twelve significant digits, and whole numbers (ids, timestamps) exactly', () => {
    expect(csvNumber(0.123456789012345)).toBe('0.123456789012');
    expect(csvNumber(1733584000123)).toBe('1733584000123');
    expect(csvNumber(3e-6)).toBe('0.000003');
    expect(csvNumber(1.0000000000000002e-7)).toBe('1e-7');
    expect(csvNumber(-2.5)).toBe('-2.5');
    expect(csvNumber(Number.NaN)).toBe('NaN');
  });
});
