// The input vectors of an array product one by one (docs/analog-model.md §1: a convolution is one MVM per output
// position): im2col for a convolution, and the way back to the product's layout, for the per-vector paths.
import type { GraphBuilder } from '../onnx/graph-builder';
import { kernelSize, type MatrixLayer } from './matrix-layer';
import type { Constant } from './compile-types';

/** Every input vector of `input` as a row of `flat` [M, rows]; `vectors` keeps a conv's [N, H', W', rows]. */
export function inputVectors(
  graph: GraphBuilder,
  layer: MatrixLayer,
  input: string,
  rows: number,
  constant: Constant,
): { vectors: string; flat: string } {
  const vectors = layer.kind === 'conv' ? convPatches(graph, layer, input, rows, constant) : input;
  const flat = graph.op('Reshape', [vectors, graph.int64Constant(graph.uniqueName('vectors'), [-1, rows])]);
  return { vectors, flat };
}

/** How a per-vector product's raw column sums become the layer product's units. */
export interface ProductUnits {
  outputs: number;
  /** Product units per unit of Σ G·(input). */
  perCode: number;
  /** A constant added to every output (the asymmetric ADC's shift). */
  shift: number;
}

/** A per-vector product [M, (1,) O] in product units (× perCode + shift), back in the layer product's layout. */
export function productLayout(
  graph: GraphBuilder,
  layer: MatrixLayer,
  { input, vectors }: { input: string; vectors: string },
  product: string,
  { outputs, perCode, shift }: ProductUnits,
  constant: Constant,
): string {
  const scaled = graph.op('Mul', [product, constant(graph.uniqueName('vector_scale'), [], [perCode])]);
  const shifted =
    shift !== 0 ? graph.op('Add', [scaled, constant(graph.uniqueName('vector_shift'), [], [shift])]) : scaled;
  return layer.kind === 'conv'
    ? convOutput(graph, vectors, shifted, outputs)
    : matmulOutput(graph, input, shifted, outputs);
}

/** im2col as a Conv with one-hot kernels: [N, C, H, W] → [N, H', W', C·kH·kW], rows in channel-then-kernel order. */
export function convPatches(
  graph: GraphBuilder,
  layer: MatrixLayer,
  input: string,
  rows: number,
  constant: Constant,
) {
  const kernel = kernelSize(layer);
  const channels = rows / kernel;
  const oneHot = new Float32Array(rows * rows);
  for (let r = 0; r < rows; r++) oneHot[r * rows + r] = 1;
  const weights = constant(
    graph.uniqueName('patches'),
    [rows, channels, ...layer.weightDims.slice(2)],
    oneHot,
  );
  const patches = graph.op('Conv', [input, weights], { ...layer.convAttributes, group: 1 });
  return graph.op('Transpose', [patches], { perm: [0, 2, 3, 1] });
}

/** [N·H'·W', (1,) O] → [N, O, H', W'], the conv product's layout. */
function convOutput(graph: GraphBuilder, vectors: string, product: string, outputs: number) {
  const shaped = withLeadingDims(graph, product, graph.shapeDims(vectors, 0, 3), outputs);
  return graph.op('Transpose', [shaped], { perm: [0, 3, 1, 2] });
}

/** [M, (1,) O] → the input's leading dims × O. */
function matmulOutput(graph: GraphBuilder, input: string, product: string, outputs: number) {
  return withLeadingDims(graph, product, graph.shapeDims(input, 0, -1), outputs);
}

function withLeadingDims(graph: GraphBuilder, product: string, leading: string, outputs: number) {
  const outputDims = graph.int64Constant(graph.uniqueName('outputs'), [outputs]);
  return graph.op('Reshape', [product, graph.op('Concat', [leading, outputDims], { axis: 0 })]);
}
