// The ADC of an analog layer (docs/analog-model.md §6): range mode → [min, max] and level placement.
import type { HardwareConfig } from '../../../src-shared/config/hardware';
import { profilePercentile, type ValueProfile } from './value-profile';

/** An ADC in normalized array units (§2); `bits` 0 is ideal. */
export type AdcSpec =
  { ideal: true } | { ideal: false; min: number; max: number; levels: number; step: number };

export interface AdcContext {
  layer: string;
  /** The weight slice this ADC converts, of `sliceCount`. */
  slice: number;
  sliceCount: number;
  /** Rows of the layer's largest row partition: the "max" range is ±rows (or [0, rows]). */
  rowsMax: number;
  /** Whether an ADC input can be negative (signed inputs, or differential pairs subtracted in analog). */
  signedOutput: boolean;
  /** Profile of the ADC inputs with ADC and DAC ideal, for "calibrated". */
  profile: ValueProfile | null;
  /**
   * "granular": the smallest non-zero error-free output, Grange/(2^c − 1) per input level of one conversion;
   * null when the cells are continuous.
   */
  granularStep: number | null;
}

/**
 * Levels: a range with min = −max has 2^B − 1 levels so that zero is exact; any other range 2^B levels from
 * min to max.
 */
export function resolveAdc(adc: HardwareConfig['adc'], context: AdcContext): AdcSpec {
  if (adc.bits === 0) return { ideal: true };
  const [min, max] = adcRange(adc, context);
  if (!(max > min)) throw new RangeError(`layer ${context.layer}: the ADC range [${min}, ${max}] is empty`);
  const levels = min === -max ? 2 ** adc.bits - 1 : 2 ** adc.bits;
  return { ideal: false, min, max, levels, step: (max - min) / (levels - 1) };
}

function adcRange(adc: HardwareConfig['adc'], context: AdcContext): [number, number] {
  switch (adc.range) {
    case 'explicit': {
      if (!adc.limits) throw new RangeError('adc.limits must be given when adc.range is "explicit"');
      const limits = adc.limits;
      if (typeof limits[0] === 'number') return limits as [number, number];
      return (limits as [number, number][])[context.slice];
    }
    case 'max':
      return maxRange(context);
    case 'calibrated': {
      // ADC inputs that were all 0 (nothing reached the arrays in calibration) give no range: the full one.
      if (context.profile && context.profile.min === 0 && context.profile.max === 0) return maxRange(context);
      return context.sliceCount > 1
        ? powerOfTwoFraction(maxRange(context), innerRange(adc.percentile, context))
        : calibratedRange(adc.percentile, context);
    }
    case 'granular':
      return granularRange(adc.bits, context);
  }
}

/** Level spacing δ: [−δ(2^(B−1) − 1), δ(2^(B−1) − 1)] for a signed output, else [0, δ(2^B − 1)]. */
function granularRange(bits: number, context: AdcContext): [number, number] {
  const step = context.granularStep;
  if (step === null) {
    throw new RangeError(
      `layer ${context.layer}: adc.range "granular" needs quantized cells (device.cellBits or quantized weights)`,
    );
  }
  if (context.signedOutput) return [-step * (2 ** (bits - 1) - 1), step * (2 ** (bits - 1) - 1)];
  return [0, step * (2 ** bits - 1)];
}

/** ±rows of the largest partition, or [0, rows] for an output that cannot be negative. */
function maxRange(context: AdcContext): [number, number] {
  return context.signedOutput ? [-context.rowsMax, context.rowsMax] : [0, context.rowsMax];
}

/** The inner P percent of the profiled ADC inputs. */
function innerRange(percentile: number, context: AdcContext): [number, number] {
  if (!context.profile)
    throw new RangeError(`layer ${context.layer}: adc.range "calibrated" needs calibration inputs`);
  const tail = (100 - percentile) / 2;
  return [profilePercentile(context.profile, tail), profilePercentile(context.profile, 100 - tail)];
}

/**
 * Sliced layers: the "max" range divided by the largest power of two that still holds the profiled range, so
 * that the slices' limits differ by powers of two (§6) and their shift-and-add stays exact.
 */
function powerOfTwoFraction([min, max]: [number, number], [low, high]: [number, number]): [number, number] {
  let divisor = 1;
  // 2^52: past it a float64 range no longer halves meaningfully (an all-zero slice stops here).
  while (divisor < 2 ** 52 && min / (divisor * 2) <= low && max / (divisor * 2) >= high) divisor *= 2;
  return [min / divisor, max / divisor];
}

/**
 * The inner P percent of the profile; zero-centred and symmetric (so that zero is a level) when the profile is
 * near-symmetric: its two limits differ in magnitude by less than NEAR_SYMMETRIC of the larger.
 */
function calibratedRange(percentile: number, context: AdcContext): [number, number] {
  const [low, high] = innerRange(percentile, context);
  const bound = Math.max(-low, high);
  if (low < 0 && high > 0 && Math.abs(-low - high) < NEAR_SYMMETRIC * bound) return [-bound, bound];
  return [low, high];
}

const NEAR_SYMMETRIC = 0.25;
