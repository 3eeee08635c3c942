// What a weight mapping produces: per weight slice, the target conductances of the whole layer and how to read them.
import type { HardwareConfig } from '../../src-shared/config/hardware';
import type { ConductanceScale } from './device-levels';
import { slicedLayerTargets } from './sliced-mapping';
import { differentialLayerTargets, offsetLayerTargets } from './unsliced-mapping';
import type { QuantizedWeights } from './weights';

/**
 * How the columns of an array become digitized outputs:
 * - differential-analog: one conversion of I⁺ − I⁻ (`subtractInAnalog: true`, §3);
 * - differential-digital: I⁺ and I⁻ digitized separately, then subtracted (`subtractInAnalog: false`);
 * - single-column: one conversion per column (offset mappings).
 */
export type ReadoutKind = 'differential-analog' | 'differential-digital' | 'single-column';

/** One weight slice's target conductances over the whole layer, in units of Gmax. */
export interface SliceTargets {
  /** [output][input]: G⁺ (differential) or G (offset). */
  gMain: number[][];
  /** [output][input]: G⁻ for differential mappings, null for offset. */
  gMinus: number[][] | null;
  /** The target of every unit-column cell (offset with a unit column), else null. */
  gUnit: number | null;
}

/**
 * The mapped layer. Its output, for normalized inputs x̂ and DAC full scale a, is
 * a · weightScale · (Σ_i sliceWeights[i] · y_i − aggregateOffset · Σ x̂), where y_i is slice i's digitized output
 * (each conversion's digital offset, digitalOffsetLevel · Σ_rows x̂, already subtracted).
 */
export interface LayerTargets {
  slices: SliceTargets[];
  readout: ReadoutKind;
  sliceWeights: number[];
  digitalOffsetLevel: number;
  aggregateOffset: number;
  weightScale: number;
  /** c in the granular ADC spacing Grange/(2^c − 1)/(2^s − 1): cell bits, or bits per slice when sliced (README). */
  granularCellBits: number;
}

/** Maps quantized weights to conductances with the configured scheme (§3). */
export function mapLayer(
  config: HardwareConfig,
  weights: QuantizedWeights,
  scale: ConductanceScale,
): LayerTargets {
  if (config.mapping.slices > 1) return slicedLayerTargets(config, weights, scale);
  return config.mapping.scheme === 'differential'
    ? differentialLayerTargets(config, weights, scale)
    : offsetLayerTargets(config, weights, scale);
}
