// The input DAC of an analog layer (docs/analog-model.md §5): its range, signedness and levels.
import type { HardwareConfig } from '../../../src-shared/config/hardware';
import { profilePercentile, type ValueProfile } from './value-profile';

export interface DacSpec {
  /** Sign–magnitude (any negative input) or unsigned. */
  signed: boolean;
  /** Full-scale input a: normalized inputs are x/a, in [−1, 1] or [0, 1]. */
  limit: number;
  /** Magnitude levels above zero: 2^(B−1) − 1 signed, 2^B − 1 unsigned; 0 = ideal (no quantization, no clip). */
  levels: number;
}

/** Resolves the DAC of one layer from the config and, for "max" and "calibrated", the profile of its inputs. */
export function resolveDac(dac: HardwareConfig['dac'], inputs: ValueProfile | null, layer: string): DacSpec {
  const { signed, limit } = nonEmptyRange(dacRange(dac, inputs, layer), inputs);
  const levels = dac.bits === 0 ? 0 : signed ? 2 ** (dac.bits - 1) - 1 : 2 ** dac.bits - 1;
  return { signed, limit, levels };
}

/**
 * Calibration that leaves a zero range: inputs almost all 0 (the analog layers before this one pass next to
 * nothing, e.g. under large wire resistance) get the largest input seen, and inputs that were all 0 a range of
 * 1 — any range passes zeros as zeros — so the run goes on and shows the collapse instead of failing.
 */
function nonEmptyRange(range: { signed: boolean; limit: number }, inputs: ValueProfile | null) {
  if (range.limit > 0 || !inputs) return range;
  const largest = Math.max(-inputs.min, inputs.max);
  return { signed: range.signed, limit: largest > 0 ? largest : 1 };
}

function dacRange(dac: HardwareConfig['dac'], inputs: ValueProfile | null, layer: string) {
  if (dac.range === 'explicit') {
    if (!dac.limits) throw new RangeError('dac.limits must be given when dac.range is "explicit"');
    const [min, max] = dac.limits;
    return min < 0 ? { signed: true, limit: Math.max(-min, max) } : { signed: false, limit: max };
  }
  if (!inputs) throw new RangeError(`layer ${layer}: dac.range "${dac.range}" needs calibration inputs`);
  const signed = inputs.min < 0;
  if (dac.range === 'max') return { signed, limit: signed ? Math.max(-inputs.min, inputs.max) : inputs.max };
  // Like the weight range (§3): the larger of |P-th| and |(100 − P)-th| percentiles (just the P-th when unsigned).
  const upper = profilePercentile(inputs, dac.percentile);
  const lower = signed ? -profilePercentile(inputs, 100 - dac.percentile) : 0;
  return { signed, limit: Math.max(upper, lower) };
}
