// Weight range Wmax and weight quantization (docs/analog-model.md §3, "Weight range").
import { roundHalfEven } from '../rounding';

/** NumPy's default percentile: linear interpolation between order statistics; `sorted` ascending. */
export function percentileLinear(sorted: ArrayLike<number>, percent: number): number {
  const position = ((sorted.length - 1) * percent) / 100;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/** Wmax = max|W| at percentile 100, else the larger of |P-th| and |(100−P)-th| percentiles. */
export function weightMax(weights: ArrayLike<number>, percentile: number): number {
  if (percentile >= 100) {
    let max = 0;
    for (let i = 0; i < weights.length; i++) max = Math.max(max, Math.abs(weights[i]));
    return max;
  }
  const sorted = Float64Array.from(weights).sort();
  return Math.max(
    Math.abs(percentileLinear(sorted, percentile)),
    Math.abs(percentileLinear(sorted, 100 - percentile)),
  );
}

/**
 * Weights normalized to [−1, 1] by Wmax (clipped), then quantized to 2^B − 1 levels symmetric about an exact
 * zero; 0 bits leaves them continuous.
 */
export function normalizeWeights(weights: ArrayLike<number>, wMax: number, weightBits: number): Float64Array {
  const levels = weightBits > 0 ? 2 ** (weightBits - 1) - 1 : 0;
  const out = new Float64Array(weights.length);
  if (wMax === 0) return out;
  for (let i = 0; i < weights.length; i++) {
    const w = Math.min(1, Math.max(-1, weights[i] / wMax));
    out[i] = levels > 0 ? roundHalfEven(w * levels) / levels : w;
  }
  return out;
}
