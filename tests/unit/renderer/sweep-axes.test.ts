// Sweep axis values as typed in the builder.
import { describe, expect, it } from 'vitest';
import { parseAxisValues, rangeValues } from '../../../src-renderer/lib/sweep-axes';

describe('sweep axes', () => {
  it('reads numbers, booleans and words from a comma-separated list', () => {
    expect(parseAxisValues(' 4, 6.5 ,offset, true,, 1e-3 ')).toEqual([4, 6.5, 'offset', true, 0.001]);
    expect(parseAxisValues('')).toEqual([]);
  });

  it('fills a range including its end, also for decimal steps, and nothing for a bad range', () => {
    expect(rangeValues(3, 8, 1)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(rangeValues(0.0025, 0.015, 0.0025)).toEqual([0.0025, 0.005, 0.0075, 0.01, 0.0125, 0.015]);
    expect(rangeValues(1, 2, 0.4)).toEqual([1, 1.4, 1.8]);
    expect(rangeValues(5, 1, 1)).toEqual([]);
    expect(rangeValues(1, 5, 0)).toEqual([]);
  });
});
