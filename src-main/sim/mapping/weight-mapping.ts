// Weight → conductance mappings (docs/analog-model.md §3): differential one-sided, two-sided, and offset subtraction.
import type { HardwareConfig } from '../../../src-shared/config/hardware';
import { roundPlaneToCellLevels, type ConductanceRange } from './conductance-range';

export type MappingKind = 'differential-one-sided' | 'differential-two-sided' | 'offset';

/** How normalized weights (in [−1, 1]) become cells, and how the array output turns back into W·x. */
export interface WeightMapping {
  kind: MappingKind;
  /** Conductance planes per weight: [G⁺, G⁻] for differential pairs, [G] for offset. */
  planeCount: 1 | 2;
  /** Target conductances of each plane, rounded to the cell levels (before programming error). */
  map(wNorm: Float64Array): Float64Array[];
  /** Array output per unit of w/Wmax · x̂ once the offset is removed: Grange (differential), R'/2 (offset). */
  gain: number;
  /** Conductance of a zero weight; its current (zeroLevel · Σx̂) is the offset that offset mappings remove. */
  zeroLevel: number;
}

export function mappingKind(config: HardwareConfig): MappingKind {
  if (config.mapping.scheme === 'offset') return 'offset';
  return config.mapping.differential === 'two-sided' ? 'differential-two-sided' : 'differential-one-sided';
}

/** Cell bits: explicit, or derived from the weight bits (B_w − 1 one-sided, B_w two-sided and offset; §3). */
export function cellBitsFor(config: HardwareConfig): number {
  if (config.device.cellBits !== null) return config.device.cellBits;
  const weightBits = config.weights.bits;
  if (weightBits === 0) return 0;
  return mappingKind(config) === 'differential-one-sided' ? weightBits - 1 : weightBits;
}

/** One plane's target conductances: `toG` per weight, then rounded to the cell levels. */
function mapEach(
  wNorm: Float64Array,
  toG: (w: number) => number,
  cellBits: number,
  range: ConductanceRange,
): Float64Array {
  const out = new Float64Array(wNorm.length);
  for (let i = 0; i < wNorm.length; i++) out[i] = toG(wNorm[i]);
  return roundPlaneToCellLevels(out, cellBits, range);
}

const MAPPINGS: Record<MappingKind, (range: ConductanceRange, cellBits: number) => WeightMapping> = {
  // G± = Gmin + Grange·max(±w, 0): a zero weight leaves both cells at Gmin.
  'differential-one-sided': (range, cellBits) => ({
    kind: 'differential-one-sided',
    planeCount: 2,
    gain: range.gRange,
    zeroLevel: range.gMin,
    map: (w) => [
      mapEach(w, (v) => range.gMin + range.gRange * Math.max(v, 0), cellBits, range),
      mapEach(w, (v) => range.gMin + range.gRange * Math.max(-v, 0), cellBits, range),
    ],
  }),
  // G± = Gmin + Grange·(1 ± w)/2, each cell rounded on its own.
  'differential-two-sided': (range, cellBits) => ({
    kind: 'differential-two-sided',
    planeCount: 2,
    gain: range.gRange,
    zeroLevel: range.gMin + range.gRange / 2,
    map: (w) => [
      mapEach(w, (v) => range.gMin + (range.gRange * (1 + v)) / 2, cellBits, range),
      mapEach(w, (v) => range.gMin + (range.gRange * (1 - v)) / 2, cellBits, range),
    ],
  }),
  // G = Gmin' + R'·(w/2 + ½) with R' = Grange·(2^c − 2)/(2^c − 1), Gmin' = 1 − R', so zero is an exact level.
  offset: (range, cellBits) => {
    const rPrime = cellBits > 0 ? (range.gRange * (2 ** cellBits - 2)) / (2 ** cellBits - 1) : range.gRange;
    const gMinPrime = cellBits > 0 ? range.gMax - rPrime : range.gMin;
    return {
      kind: 'offset',
      planeCount: 1,
      gain: rPrime / 2,
      zeroLevel: gMinPrime + rPrime / 2,
      map: (w) => [mapEach(w, (v) => gMinPrime + rPrime * (v / 2 + 0.5), cellBits, range)],
    };
  },
};

export function weightMapping(config: HardwareConfig, range: ConductanceRange): WeightMapping {
  return MAPPINGS[mappingKind(config)](range, cellBitsFor(config));
}
