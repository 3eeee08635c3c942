// A layer's weights as one or more slices of cells (docs/analog-model.md §3): the unsliced mappings, or bit slices of
// the integer weights, each stored differentially (sign–magnitude) or offset, combined digitally after the ADCs.
import type { HardwareConfig } from '../../../src-shared/config/hardware';
import { roundHalfEven } from '../rounding';
import { roundToCellLevels, type ConductanceRange } from './conductance-range';
import type { WeightMapping } from './weight-mapping';

/** The cells of one slice, and how its array outputs turn back into W·x. */
export interface WeightSlice {
  /** Target conductances per plane ([G⁺, G⁻] or [G]), in the layer's weight layout. */
  targets: Float64Array[];
  /**
   * Array output per unit of (w/Wmax)·x̂ that this slice contributes, offset removed: W·x/(Wmax·a) =
   * Σ_slices (slice output)/gain.
   */
  gain: number;
  /** The offset current per unit Σx̂ that an offset mapping removes digitally (exact, after the ADC). */
  zeroLevel: number;
  /** The conductance a unit column's cells are programmed to (the zero level rounded to the cell levels). */
  unitLevel: number;
  /** c: the cells' bits (0 = continuous). */
  cellBits: number;
}

/** b = B/N when N divides B, else ⌈(B − 1)/N⌉ differential (sign–magnitude) or ⌈B/N⌉ offset (§3). */
export function bitsPerSlice(
  weightBits: number,
  sliceCount: number,
  scheme: 'differential' | 'offset',
): number {
  if (weightBits % sliceCount === 0) return weightBits / sliceCount;
  return Math.ceil((scheme === 'differential' ? weightBits - 1 : weightBits) / sliceCount);
}

/** Digit `slice` of a non-negative integer, b bits per slice from the LSB; the top slice keeps what remains. */
export function sliceDigit(value: number, bits: number, slice: number, sliceCount: number): number {
  const shifted = Math.floor(value / 2 ** (bits * slice));
  return slice === sliceCount - 1 ? shifted : shifted % 2 ** bits;
}

/** The unsliced mapping as the layer's one slice. */
export function unslicedWeights(
  mapping: WeightMapping,
  wNorm: Float64Array,
  cellBits: number,
): WeightSlice[] {
  return [
    {
      targets: mapping.map(wNorm),
      gain: mapping.gain,
      zeroLevel: mapping.zeroLevel,
      unitLevel: mapping.zeroLevel,
      cellBits,
    },
  ];
}

/**
 * N bit slices of W_int = wNorm·(2^(B−1) − 1): digit d of a slice is stored as Gmin + Grange·d/(2^b − 1), rounded
 * to the cell levels (b-bit cells unless `device.cellBits` says otherwise). Differential: the sign of W_int picks
 * the cell of every slice that carries the digit. Offset: the digits of W_int + 2^(B−1), whose offset (the digits
 * of 2^(B−1) on every slice, plus Gmin) is removed digitally or by a unit column.
 */
export function bitSlicedWeights(
  config: HardwareConfig,
  range: ConductanceRange,
  wNorm: Float64Array,
): WeightSlice[] {
  const { slices: sliceCount, scheme } = config.mapping;
  const weightBits = config.weights.bits;
  const bits = bitsPerSlice(weightBits, sliceCount, scheme);
  const cellBits = config.device.cellBits ?? bits;
  const digitMax = 2 ** bits - 1;
  const magnitudeMax = 2 ** (weightBits - 1) - 1;
  const exactLevel = (digit: number) => range.gMin + (range.gRange * digit) / digitMax;
  const digitConductance = (digit: number) => roundToCellLevels(exactLevel(digit), cellBits, range);
  const wInt = Int32Array.from(wNorm, (w) => roundHalfEven(w * magnitudeMax));
  const offset = 2 ** (weightBits - 1);
  return Array.from({ length: sliceCount }, (_, slice) => {
    const digitOf = (value: number) => sliceDigit(value, bits, slice, sliceCount);
    const plane = (conductanceOf: (w: number) => number) => Float64Array.from(wInt, conductanceOf);
    const gain = (range.gRange * magnitudeMax) / (2 ** (bits * slice) * digitMax);
    if (scheme === 'differential') {
      return {
        targets: [
          plane((w) => digitConductance(w > 0 ? digitOf(w) : 0)),
          plane((w) => digitConductance(w < 0 ? digitOf(-w) : 0)),
        ],
        gain,
        zeroLevel: range.gMin,
        unitLevel: range.gMin,
        cellBits,
      };
    }
    return {
      targets: [plane((w) => digitConductance(digitOf(w + offset)))],
      gain,
      zeroLevel: exactLevel(digitOf(offset)),
      unitLevel: digitConductance(digitOf(offset)),
      cellBits,
    };
  });
}
