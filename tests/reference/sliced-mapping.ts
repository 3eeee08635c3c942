// Bit-sliced weight mapping: integer weights split into b-bit digits, stored sign–magnitude or offset (§3; README).
import type { HardwareConfig } from '../../src-shared/config/hardware';
import { cellBitsInForce, cellQuantize, type ConductanceScale } from './device-levels';
import type { LayerTargets, SliceTargets } from './layer-targets';
import { magnitudeLevels, type QuantizedWeights } from './weights';

/** b = B/N when N divides B, else ⌈(B − 1)/N⌉ differential (sign–magnitude) or ⌈B/N⌉ offset (§3 "Bit slicing"). */
export function bitsPerSlice(
  weightBits: number,
  sliceCount: number,
  scheme: HardwareConfig['mapping']['scheme'],
): number {
  if (weightBits % sliceCount === 0) return weightBits / sliceCount;
  return scheme === 'differential'
    ? Math.ceil((weightBits - 1) / sliceCount)
    : Math.ceil(weightBits / sliceCount);
}

/** Digits of a non-negative integer by repeated mod 2^b from the LSB; the top slice keeps the remaining bits. */
export function sliceDigits(value: number, sliceBits: number, sliceCount: number): number[] {
  const digits: number[] = [];
  let remaining = value;
  for (let slice = 0; slice < sliceCount - 1; slice++) {
    digits.push(remaining % 2 ** sliceBits);
    remaining = Math.floor(remaining / 2 ** sliceBits);
  }
  digits.push(remaining);
  return digits;
}

/** Differential sign–magnitude: the sign of W_int picks which cell of every slice carries the magnitude digit. */
function signMagnitudeSlices(
  wInt: number[][],
  sliceCount: number,
  digitConductance: (digit: number) => number,
  sliceBits: number,
): SliceTargets[] {
  const digitsOf = wInt.map((row) => row.map((w) => sliceDigits(Math.abs(w), sliceBits, sliceCount)));
  return Array.from({ length: sliceCount }, (_, slice) => ({
    gMain: wInt.map((row, o) => row.map((w, i) => digitConductance(w > 0 ? digitsOf[o][i][slice] : 0))),
    gMinus: wInt.map((row, o) => row.map((w, i) => digitConductance(w < 0 ? digitsOf[o][i][slice] : 0))),
    gUnit: null,
  }));
}

/** Offset: W_int + 2^(B−1) stored unsigned; a unit column, if any, holds the digits of 2^(B−1) (README). */
function offsetSlices(
  wInt: number[][],
  weightBits: number,
  sliceCount: number,
  digitConductance: (digit: number) => number,
  sliceBits: number,
  unitColumn: boolean,
): SliceTargets[] {
  const offsetInt = 2 ** (weightBits - 1);
  const digitsOf = wInt.map((row) => row.map((w) => sliceDigits(w + offsetInt, sliceBits, sliceCount)));
  const unitDigits = sliceDigits(offsetInt, sliceBits, sliceCount);
  return Array.from({ length: sliceCount }, (_, slice) => ({
    gMain: digitsOf.map((row) => row.map((digits) => digitConductance(digits[slice]))),
    gMinus: null,
    gUnit: unitColumn ? digitConductance(unitDigits[slice]) : null,
  }));
}

/**
 * Digit d is stored as Gmin + Grange·d/(2^b − 1), then rounded to the cells' levels. Slice results combine as
 * Σ_i 2^(b·i)·y_i·(2^b − 1)/Grange = Σ W_int·x̂, times Wmax/(2^(B−1) − 1) (§3; README "Bit slicing").
 */
export function slicedLayerTargets(
  config: HardwareConfig,
  weights: QuantizedWeights,
  scale: ConductanceScale,
): LayerTargets {
  if (weights.wInt === null) throw new Error('bit slicing needs quantized weights (weights.bits > 0)');
  const { slices: sliceCount, scheme } = config.mapping;
  const sliceBits = bitsPerSlice(weights.weightBits, sliceCount, scheme);
  const cellBits = cellBitsInForce(config, sliceBits);
  const digitConductance = (digit: number) =>
    cellQuantize(scale.gMinNorm + (scale.gRangeNorm * digit) / (2 ** sliceBits - 1), scale, cellBits);
  const digitalOffset = scheme === 'offset' && config.mapping.offset === 'digital';
  const slices =
    scheme === 'differential'
      ? signMagnitudeSlices(weights.wInt, sliceCount, digitConductance, sliceBits)
      : offsetSlices(
          weights.wInt,
          weights.weightBits,
          sliceCount,
          digitConductance,
          sliceBits,
          !digitalOffset,
        );
  const readout =
    scheme === 'offset'
      ? 'single-column'
      : config.mapping.subtractInAnalog
        ? 'differential-analog'
        : 'differential-digital';
  return {
    slices,
    readout,
    sliceWeights: slices.map(
      (_, slice) => (2 ** (sliceBits * slice) * (2 ** sliceBits - 1)) / scale.gRangeNorm,
    ),
    // Digital offset: Gmin·Σx̂ per slice after its ADC, 2^(B−1)·Σx̂ after aggregation (README "Bit slicing").
    digitalOffsetLevel: digitalOffset ? scale.gMinNorm : 0,
    aggregateOffset: digitalOffset ? 2 ** (weights.weightBits - 1) : 0,
    weightScale: weights.wmax / magnitudeLevels(weights.weightBits),
    granularCellBits: sliceBits,
  };
}
