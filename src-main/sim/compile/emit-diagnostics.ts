// The diagnostic variant of a layer (analog-model.md §8): each array's ideal partial sum beside its analog one.
import type { GraphBuilder } from '../onnx/graph-builder';
import type { LayerPlan } from './layer-plan';
import { outputChannels } from './matrix-layer';
import { effectiveConductances, partitionWeights } from './partition-weights';
import { emitProduct, emitRowSums, partitionChannels } from './emit-products';
import type { Constant } from './emit-quantizers';
import type { SliceScaling } from './emit-layer';

/** Diagnostic tensors of one row partition and weight slice, all [.., outputs] in that slice's ADC code units. */
export interface PartitionProbe {
  partition: number;
  slice: number;
  /** ADC inputs, shifted by −min/step for an asymmetric ADC: one, or G⁺ and G⁻ when digitized separately. */
  adcInputs: string[];
  /** ADC output after unit-column subtraction (still shifted unless a unit column cancelled the shift). */
  adcOutput: string;
  /**
   * The ideal, error-free partial sum of exact inputs: exact weights (Grange·w/Wmax) unsliced, the slice's exact
   * digits (target conductances less the offset level) sliced.
   */
  ideal: string;
  /** Σ of the partition's DAC codes per output position; only with a digital offset. */
  rowSums?: string;
}

export interface DiagnosticInputs {
  partition: { dacCodes: string; first: number; count: number; index: number };
  slice: SliceScaling;
  codes: string;
  adcInputs: string[];
}

export function emitDiagnostics(
  graph: GraphBuilder,
  plan: LayerPlan,
  values: DiagnosticInputs,
  constant: Constant,
): PartitionProbe {
  const { layer } = plan;
  const { partition, slice } = values;
  const raw = layer.transposeInput ? graph.op('Transpose', [layer.input], { perm: [1, 0] }) : layer.input;
  const rawPart = partitionChannels(graph, layer, raw, partition);
  const perCode = 1 / (plan.dac.limit * slice.adcStep);
  const { dims, data } = partitionWeights(
    layer,
    idealWeights(plan, slice.index),
    partition.first,
    partition.count,
    perCode,
  );
  const weights = constant(graph.uniqueName('ideal'), dims, data);
  return {
    partition: partition.index,
    slice: slice.index,
    adcInputs: values.adcInputs,
    adcOutput: values.codes,
    ideal: emitProduct(graph, layer, rawPart, weights, 0, outputChannels(layer), constant),
    rowSums:
      plan.offsetRemoval === 'digital'
        ? emitRowSums(graph, layer, partition.dacCodes, constant, partition.count)
        : undefined,
  };
}

function idealWeights(plan: LayerPlan, slice: number): Float64Array {
  if (plan.slices.length === 1)
    return Float64Array.from(plan.layer.weights, (w) => (plan.slices[0].gain * w) / plan.wMax);
  const { targets, zeroLevel } = plan.slices[slice];
  const offset = plan.mapping.planeCount === 1 ? zeroLevel : 0;
  return effectiveConductances(targets).map((g) => g - offset);
}
