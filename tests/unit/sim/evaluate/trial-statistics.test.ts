// Monte-Carlo summaries, hand-computed: mean, sample std, Student-t 95 % interval, kept within the values' range.
import { describe, expect, it } from 'vitest';
import { summarizeTrials } from '../../../../src-main/sim/evaluate/trial-statistics';

describe('summarizeTrials', () => {
  it('gives mean ± t(0.975, n − 1)·s/√n', () => {
    // [0.80, 0.84, 0.82]: mean 0.82, s = 0.02, t(2) = 4.303 → half-width 4.303·0.02/√3 = 0.049687.
    const { mean, std, ci95 } = summarizeTrials([0.8, 0.84, 0.82]);
    expect(mean).toBeCloseTo(0.82, 12);
    expect(std).toBeCloseTo(0.02, 12);
    expect(ci95[0]).toBeCloseTo(0.82 - 0.049687, 5);
    expect(ci95[1]).toBeCloseTo(0.82 + 0.049687, 5);
  });

  it('keeps an accuracy interval within [0, 1]', () => {
    // Two trials, t(1) = 12.706: 0.95 ± 12.706·0.0707/√2 would reach 1.585.
    const { ci95 } = summarizeTrials([0.9, 1.0], [0, 1]);
    expect(ci95[1]).toBe(1);
    expect(ci95[0]).toBeCloseTo(0.95 - (12.706 * Math.SQRT1_2 * 0.1) / Math.SQRT2, 5);
  });

  it('gives a single trial a zero-width interval', () => {
    expect(summarizeTrials([0.7])).toEqual({ mean: 0.7, std: 0, ci95: [0.7, 0.7] });
  });
});
