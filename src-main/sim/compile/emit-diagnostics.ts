// The diagnostic variant of a layer (docs/analog-model.md §8): each array's ideal partial sum beside its analog one,
// reduced in the graph to per-output-channel sums, so that a diagnostic run returns a few numbers per column
// instead of every array's outputs for every image.
import type { GraphBuilder } from '../onnx/graph-builder';
import { onnx } from '../onnx/proto';
import type { LayerPlan } from './layer-plan';
import { outputChannels } from './matrix-layer';
import { effectiveConductances, partitionWeights } from './partition-weights';
import { emitProduct, emitRowSums, partitionChannels } from './emit-products';
import type { Constant } from './compile-types';
import type { LayerReadout, SliceReadout } from './layer-readout';

/**
 * Diagnostic sums of one row partition and weight slice: each a [outputs] tensor, summed over images, positions
 * and input bits, in that slice's ADC code units.
 */
export interface PartitionProbe {
  partition: number;
  slice: number;
  /** Σ (analog − ideal)², the analog partial sum with its ADC shift and digital offset taken off. */
  errorSquared: string;
  /** Σ ideal²: the ideal, error-free partial sum of exact inputs and exact weights (or the slice's exact digits). */
  idealSquared: string;
  /** Per conversion kind (one, or G⁺ and G⁻ when digitized separately): Σ |ADC input|, the column current. */
  currents: string[];
  /** Per conversion kind: how many ADC inputs lay outside the code range; absent with an ideal ADC. */
  clipped?: string[];
  /** A scalar: the conversions of each column per conversion kind. */
  conversions: string;
  /** What one code is worth in array units (1 = one Gmax cell at full-scale input). */
  codeStep: number;
}

export interface DiagnosticInputs {
  partition: { dacCodes: string; first: number; count: number; index: number };
  /** The slice's ideal weights (`idealWeights`), computed once for all its row partitions. */
  idealWeights: Float64Array;
  slice: SliceReadout;
  readout: Pick<LayerReadout, 'conversionWeight'>;
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
    values.idealWeights,
    partition.first,
    partition.count,
    perCode,
  );
  const ideal = emitProduct(
    graph,
    layer,
    rawPart,
    constant(graph.uniqueName('ideal'), dims, data),
    0,
    outputChannels(layer),
    constant,
  );
  const scalar = (name: string, value: number) => constant(graph.uniqueName(name), [], [value]);
  // The codes still carry each conversion's shift, weighted like the input bits it converted.
  const outputShift = slice.carriesShift ? values.readout.conversionWeight * -slice.codeShift : 0;
  let analog = values.codes;
  if (outputShift !== 0) analog = graph.op('Add', [analog, scalar('output_shift', outputShift)]);
  if (plan.offsetRemoval === 'digital') {
    const rowSums = emitRowSums(graph, layer, partition.dacCodes, constant, partition.count);
    const offset = graph.op('Mul', [rowSums, scalar('offset_per_row_sum', slice.offsetPerRowSum)]);
    analog = graph.op('Sub', [analog, offset]);
  }
  const error = graph.op('Sub', [analog, ideal]);
  const sums = (tensor: string) => channelSums(graph, plan, tensor);
  // Every ADC input with the asymmetric ADC's shift taken off again: the column current itself.
  const shifted = values.adcInputs.map((input) =>
    slice.codeShift === 0 ? input : graph.op('Add', [input, scalar('code_shift', -slice.codeShift)]),
  );
  return {
    partition: partition.index,
    slice: slice.index,
    errorSquared: sums(graph.op('Mul', [error, error])),
    idealSquared: sums(graph.op('Mul', [ideal, ideal])),
    currents: shifted.map((input) => sums(graph.op('Abs', [input]))),
    clipped: slice.codeLimits
      ? values.adcInputs.map((input) => sums(outsideRange(graph, input, slice.codeLimits!, scalar)))
      : undefined,
    conversions: conversionsPerColumn(graph, plan, values.adcInputs[0]),
    codeStep: slice.adcStep,
  };
}

/** 1 where the ADC input lies outside [low, high], else 0. */
function outsideRange(
  graph: GraphBuilder,
  input: string,
  [low, high]: [number, number],
  scalar: (name: string, value: number) => string,
): string {
  const below = graph.op('Less', [input, scalar('code_low', low)]);
  const above = graph.op('Greater', [input, scalar('code_high', high)]);
  return graph.op('Cast', [graph.op('Or', [below, above])], { to: FLOAT });
}

const { FLOAT } = onnx.TensorProto.DataType;

/** An ADC input's element count over its columns, divided in int64 so that the float result is exact. */
function conversionsPerColumn(graph: GraphBuilder, plan: LayerPlan, adcInput: string): string {
  const outputs = graph.int64Constant(graph.uniqueName('outputs'), [outputChannels(plan.layer)]);
  return graph.op('Cast', [graph.op('Div', [graph.op('Size', [adcInput]), outputs])], { to: FLOAT });
}

/** Σ over every axis but the output channel's (axis 1 of a conv, the last of a matmul): [outputs]. */
function channelSums(graph: GraphBuilder, plan: LayerPlan, tensor: string): string {
  const outputs = outputChannels(plan.layer);
  const conv = plan.layer.kind === 'conv';
  const shape = graph.int64Constant(
    graph.uniqueName('channel_rows'),
    conv ? [0, outputs, -1] : [-1, outputs],
  );
  const rows = graph.op('Reshape', [tensor, shape]);
  return graph.listOp('ReduceSum', rows, conv ? [0, 2] : [0], { keepdims: 0 })[0];
}

/**
 * A weight slice's exact weights in conductance units: Grange·w/Wmax unsliced, the slice's exact digits (target
 * conductances less the offset level) sliced.
 */
export function idealWeights(plan: LayerPlan, slice: number): Float64Array {
  if (plan.slices.length === 1) {
    const { weights } = plan.layer;
    const perWeight = plan.slices[0].gain / plan.wMax;
    const ideal = new Float64Array(weights.length);
    for (let i = 0; i < weights.length; i++) ideal[i] = weights[i] * perWeight;
    return ideal;
  }
  const { targets, zeroLevel } = plan.slices[slice];
  const offset = plan.mapping.planeCount === 1 ? zeroLevel : 0;
  return effectiveConductances(targets).map((g) => g - offset);
}
