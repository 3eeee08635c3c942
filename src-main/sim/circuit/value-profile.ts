// What calibration saw of a quantity (DAC inputs or ADC inputs): its extremes and a sample for percentiles.
import { percentileLinear } from '../mapping/weight-range';

export interface ValueProfile {
  min: number;
  max: number;
  /** A sorted sample of the values (all of them when few). */
  sortedSample: Float64Array;
}

export function profileOf(values: ArrayLike<number>): ValueProfile {
  const sortedSample = Float64Array.from(values).sort();
  return { min: sortedSample[0] ?? 0, max: sortedSample[sortedSample.length - 1] ?? 0, sortedSample };
}

export function profilePercentile(profile: ValueProfile, percent: number): number {
  return profile.sortedSample.length === 0 ? 0 : percentileLinear(profile.sortedSample, percent);
}
