// Inputs through the DAC (§5; README "Signed vs unsigned inputs", "Bit-serial inputs"): range, levels, input bits.
import type { HardwareConfig } from '../../src-shared/config/hardware';
import { symmetricPercentileMagnitude } from './percentile';
import { symmetricQuantize, uniformQuantize } from './quantizers';
import { magnitudeLevels } from './weights';

type DacConfig = HardwareConfig['dac'];

/** One input vector applied to the rows (normalized: 1 = full read voltage), with its weight before the ADC. */
export interface InputPhase {
  appliedNorm: number[];
  analogWeight: number;
}

/** Phases accumulated in analog and digitized once; the digitized result is multiplied by digitalWeight. */
export interface ConversionGroup {
  phases: InputPhase[];
  digitalWeight: number;
}

export interface EncodedInputs {
  /** a: the DAC full scale; x = a·x̂ in algorithmic units. */
  fullScale: number;
  signed: boolean;
  /** x̂ after the DAC, [n][input]. */
  xNorm: number[][];
  /** How each input vector is applied and digitized, [n][group]. */
  groups: ConversionGroup[][];
}

/**
 * a for [−a, a] (signed) or [0, a] (unsigned). Explicit: a = max(|min|, |max|) signed, max unsigned (README: the
 * cases use [−a, a] and [0, a]). "max": max|x| or max x over all inputs (§12). Calibrated on X itself (§13):
 * max(|P-th|, |(100 − P)-th|) percentile of all input values, the rule of the weight range (§5: "like the ADC").
 */
function dacFullScale(inputs: number[][], dac: DacConfig, signed: boolean): number {
  let fullScale: number;
  if (dac.range === 'explicit') {
    if (dac.limits === null) throw new Error('dac.range "explicit" needs dac.limits');
    const [min, max] = dac.limits;
    if (!signed && min > 0)
      throw new Error(`unsigned DAC limits must start at or below 0, got [${min}, ${max}]`);
    fullScale = signed ? Math.max(Math.abs(min), Math.abs(max)) : max;
  } else {
    fullScale = symmetricPercentileMagnitude(inputs.flat(), dac.range === 'max' ? 100 : dac.percentile);
  }
  if (!(fullScale > 0)) throw new Error(`the DAC full scale must be positive, got ${fullScale}`);
  return fullScale;
}

/**
 * x̂ = x/a, then B-bit levels: unsigned 2^B levels on [0, 1], signed sign–magnitude 2^B − 1 levels on [−1, 1],
 * clipped. 0 bits = ideal: no quantization and no clipping, so x̂ may exceed 1 (README, `dac-ideal-beyond-limits`).
 */
export function dacQuantize(xOverFullScale: number, dacBits: number, signed: boolean): number {
  if (dacBits === 0) return xOverFullScale;
  return signed
    ? symmetricQuantize(xOverFullScale, magnitudeLevels(dacBits))
    : uniformQuantize(xOverFullScale, 0, 1, 2 ** dacBits);
}

/** Magnitude bits m of the DAC code: B unsigned, B − 1 signed (README "Bit-serial inputs"). */
export function dacMagnitudeBits(dacBits: number, signed: boolean): number {
  return signed ? dacBits - 1 : dacBits;
}

/**
 * x_int = round(|x̂|(2^m − 1)); slice k holds bits s·k … s·k + s − 1 and is applied as sign·digit_k/(2^s − 1),
 * with weight 2^(s·k)(2^s − 1)/(2^m − 1) (README "Bit-serial inputs").
 */
export function bitSerialPhases(xNormRow: number[], magnitudeBits: number, sliceBits: number): InputPhase[] {
  const codeMax = 2 ** magnitudeBits - 1;
  const digitMax = 2 ** sliceBits - 1;
  const sliceCount = Math.ceil(magnitudeBits / sliceBits);
  const codes = xNormRow.map((x) => Math.round(Math.abs(x) * codeMax));
  return Array.from({ length: sliceCount }, (_, k) => ({
    appliedNorm: codes.map(
      (code, i) =>
        (Math.sign(xNormRow[i]) * (Math.floor(code / 2 ** (sliceBits * k)) % 2 ** sliceBits)) / digitMax,
    ),
    analogWeight: (2 ** (sliceBits * k) * digitMax) / codeMax,
  }));
}

/** A multi-bit DAC is one phase; bit-serial slices are digitized one by one (`adc.perInputBit`) or accumulated. */
function conversionGroups(
  xNormRow: number[],
  dac: DacConfig,
  signed: boolean,
  adcPerInputBit: boolean,
): ConversionGroup[] {
  if (!dac.bitSerial) return [{ phases: [{ appliedNorm: xNormRow, analogWeight: 1 }], digitalWeight: 1 }];
  if (dac.bits === 0) throw new Error('bit-serial inputs need a quantizing DAC (dac.bits > 0)');
  const phases = bitSerialPhases(xNormRow, dacMagnitudeBits(dac.bits, signed), dac.sliceBits);
  if (adcPerInputBit) {
    return phases.map((phase) => ({
      phases: [{ ...phase, analogWeight: 1 }],
      digitalWeight: phase.analogWeight,
    }));
  }
  return [{ phases, digitalWeight: 1 }];
}

/** Inputs with any negative value use the signed DAC (§12; README "Signed vs unsigned inputs"). */
export function encodeInputs(inputs: number[][], dac: DacConfig, adcPerInputBit: boolean): EncodedInputs {
  const signed = inputs.some((row) => row.some((x) => x < 0));
  if (signed && dac.bits === 1) throw new Error('a signed 1-bit DAC has only the zero level');
  const fullScale = dacFullScale(inputs, dac, signed);
  const xNorm = inputs.map((row) => row.map((x) => dacQuantize(x / fullScale, dac.bits, signed)));
  return {
    fullScale,
    signed,
    xNorm,
    groups: xNorm.map((row) => conversionGroups(row, dac, signed, adcPerInputBit)),
  };
}
