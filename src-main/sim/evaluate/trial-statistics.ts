// Monte-Carlo summaries across trials (docs/analog-model.md §8): mean, sample std, and a 95% confidence interval.

// Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom; beyond 30 the normal 1.96 is used.
const T_975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

export interface TrialSummary {
  mean: number;
  /** Sample standard deviation (n − 1); 0 for one trial. */
  std: number;
  /** mean ± t·std/√n within the values' possible range; a single trial gives [mean, mean]. */
  ci95: [number, number];
}

/** `range`: what the values can be (an accuracy lies in [0, 1]); the interval does not claim beyond it. */
export function summarizeTrials(
  values: readonly number[],
  [low, high]: [number, number] = [-Infinity, Infinity],
): TrialSummary {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, std: 0, ci95: [mean, mean] };
  const std = Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (n - 1));
  const half = (T_975[n - 2] ?? 1.96) * (std / Math.sqrt(n));
  return { mean, std, ci95: [Math.max(low, mean - half), Math.min(high, mean + half)] };
}
