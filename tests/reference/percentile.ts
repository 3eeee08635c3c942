// NumPy's default percentile (linear interpolation between order statistics) and the two ranges built on it.

/**
 * `numpy.percentile(values, percent)` with the default method "linear": rank = percent/100·(n − 1), interpolated
 * between the neighbouring order statistics. NumPy's lerp switches to b − (b − a)(1 − t) for t ≥ 0.5; we do
 * the same so that results match it to the last bit.
 */
export function numpyPercentile(values: readonly number[], percent: number): number {
  if (values.length === 0) throw new Error('percentile of an empty set');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (percent / 100) * (sorted.length - 1);
  const below = Math.floor(rank);
  const above = Math.min(below + 1, sorted.length - 1);
  const fraction = rank - below;
  const low = sorted[below];
  const high = sorted[above];
  return fraction >= 0.5 ? high - (high - low) * (1 - fraction) : low + (high - low) * fraction;
}

/**
 * The larger of |P-th| and |(100 − P)-th| percentile (docs/analog-model.md §3 "Weight range"; README "Weights").
 * With P = 100 this is max|v|. Also used for calibrated DAC ranges, which §5 calibrates "like" the others.
 */
export function symmetricPercentileMagnitude(values: readonly number[], percent: number): number {
  return Math.max(
    Math.abs(numpyPercentile(values, percent)),
    Math.abs(numpyPercentile(values, 100 - percent)),
  );
}

/** The inner P percent of a distribution, [(100 − P)/2-th, (100 + P)/2-th] percentile (§6, calibrated ADC). */
export function innerPercentileRange(values: readonly number[], percent: number): [number, number] {
  const tailPercent = (100 - percent) / 2;
  return [numpyPercentile(values, tailPercent), numpyPercentile(values, 100 - tailPercent)];
}
