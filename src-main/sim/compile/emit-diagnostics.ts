// The diagnostic variant of a layer (analog-model.md §8): each array's ideal partial sum beside its analog one.
import type { GraphBuilder } from '../onnx/graph-builder';
import type { LayerPlan } from './layer-plan';
import { outputChannels } from './matrix-layer';
import { partitionWeights } from './partition-weights';
import { emitProduct, emitRowSums, splitChannels } from './emit-products';
import type { Constant } from './emit-quantizers';
import type { Scaling } from './emit-layer';

/** Diagnostic tensors of one row partition, all [.., outputs] in ADC code units (array units / adcStep). */
export interface PartitionProbe {
  partition: number;
  /** ADC inputs, shifted by −min/step for an asymmetric ADC: one, or G⁺ and G⁻ when digitized separately. */
  adcInputs: string[];
  /** ADC output after unit-column subtraction (still shifted unless a unit column cancelled the shift). */
  adcOutput: string;
  /** The ideal, error-free partial sum: exact weights and inputs (Grange·w/Wmax · x/limit). */
  ideal: string;
  /** Σ of the partition's DAC codes per output position; only with a digital offset. */
  rowSums?: string;
}

export interface DiagnosticInputs {
  inputs: string[];
  partitions: number[];
  codes: string[];
  adcInputs: string[][];
}

/** The ideal partial sum of every row partition, beside the analog one, for per-array statistics (§8). */
export function emitDiagnostics(
  graph: GraphBuilder,
  plan: LayerPlan,
  scaling: Scaling,
  values: DiagnosticInputs,
  constant: Constant,
  diagnose: (probe: PartitionProbe) => void,
) {
  const { layer } = plan;
  const raw = layer.transposeInput ? graph.op('Transpose', [layer.input], { perm: [1, 0] }) : layer.input;
  const rawParts = values.partitions.length > 1 ? splitChannels(graph, layer, raw, values.partitions) : [raw];
  const exact = Float64Array.from(layer.weights, (w) => (plan.mapping.gain * w) / plan.wMax);
  const perCode = 1 / (plan.dac.limit * scaling.adcStep);
  let first = 0;
  values.partitions.forEach((count, t) => {
    const { dims, data } = partitionWeights(layer, exact, first, count, perCode);
    const weights = constant(`ideal${t}`, dims, data);
    const ideal = emitProduct(graph, layer, rawParts[t], weights, 0, outputChannels(layer), constant);
    const rowSums =
      plan.offsetRemoval === 'digital'
        ? emitRowSums(graph, layer, values.inputs[t], constant, count)
        : undefined;
    diagnose({ partition: t, adcInputs: values.adcInputs[t], adcOutput: values.codes[t], ideal, rowSums });
    first += count;
  });
}
