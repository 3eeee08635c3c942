// The ADC of an analog layer (analog-model.md §6): range mode → [min, max] and level placement.
import type { HardwareConfig } from '../../../src-shared/config/hardware';
import { profilePercentile, type ValueProfile } from './value-profile';

/** An ADC in normalized array units (§2); `bits` 0 is ideal. */
export type AdcSpec =
  { ideal: true } | { ideal: false; min: number; max: number; levels: number; step: number };

export interface AdcContext {
  layer: string;
  /** Rows of the layer's largest row partition: the "max" range is ±rows (or [0, rows]). */
  rowsMax: number;
  /** Whether an ADC input can be negative (signed inputs, or differential pairs subtracted in analog). */
  signedOutput: boolean;
  /** Profile of the ADC inputs with ADC and DAC ideal, for "calibrated". */
  profile: ValueProfile | null;
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
      return (limits as [number, number][])[0];
    }
    case 'max':
      return context.signedOutput ? [-context.rowsMax, context.rowsMax] : [0, context.rowsMax];
    case 'calibrated':
      return calibratedRange(adc.percentile, context);
    case 'granular':
      throw new RangeError('adc.range "granular" needs bit-serial inputs, which are not available yet');
  }
}

/**
 * The inner P percent of the profile; zero-centred and symmetric (so that zero is a level) when the profile is
 * near-symmetric: its two limits differ in magnitude by less than NEAR_SYMMETRIC of the larger.
 */
function calibratedRange(percentile: number, context: AdcContext): [number, number] {
  if (!context.profile)
    throw new RangeError(`layer ${context.layer}: adc.range "calibrated" needs calibration inputs`);
  const tail = (100 - percentile) / 2;
  const low = profilePercentile(context.profile, tail);
  const high = profilePercentile(context.profile, 100 - tail);
  const bound = Math.max(-low, high);
  if (low < 0 && high > 0 && Math.abs(-low - high) < NEAR_SYMMETRIC * bound) return [-bound, bound];
  return [low, high];
}

const NEAR_SYMMETRIC = 0.25;
