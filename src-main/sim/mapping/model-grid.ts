// A quantized model's weights on their own grid (weights.grid "model"): the bits and Wmax that map its integers
// to the quantizer's levels one to one, instead of re-quantizing them to weights.bits (docs/analog-model.md §3).
import type { HardwareConfig } from '../../../src-shared/config/hardware';
import type { MatrixLayer } from '../compile/matrix-layer';
import { weightMax } from './weight-range';

export interface LayerWeightQuantization {
  /** The layer's weight bits: weights.bits, the grid's own, or 0 where its values are taken as they are. */
  bits: number;
  wMax: number;
  /** Where they came from: a refusal to bit-slice a model's grid names it. */
  source: 'config' | 'model grid' | 'model values';
}

export function layerWeightQuantization(layer: MatrixLayer, config: HardwareConfig): LayerWeightQuantization {
  const { grid } = layer;
  if (!grid || config.weights.grid === 'bits') {
    return {
      bits: config.weights.bits,
      wMax: weightMax(layer.weights, config.weights.percentile),
      source: 'config',
    };
  }
  // One step for the whole tensor: integer k is level k of a b-bit quantizer whose Wmax is its top level.
  if (grid.step !== null) {
    return { bits: grid.bits, wMax: grid.step * (2 ** (grid.bits - 1) - 1), source: 'model grid' };
  }
  // A step per channel fits no one quantizer: the dequantized values are the weights, unquantized.
  return { bits: 0, wMax: weightMax(layer.weights, 100), source: 'model values' };
}
