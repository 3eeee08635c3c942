// CSV export (RFC 4180): fields with commas, quotes or line breaks are quoted, quotes doubled, null is empty.
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../../src-main/app/runs/stored-runs';

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
});
