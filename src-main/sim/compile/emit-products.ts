// The analog products as graph nodes: row-partition splits, one Conv/MatMul per array, exact row sums.
import type { GraphBuilder } from '../onnx/graph-builder';
import { outputChannels, type MatrixLayer } from './matrix-layer';
import type { Constant } from './emit-quantizers';

export function splitChannels(graph: GraphBuilder, layer: MatrixLayer, x: string, sizes: number[]): string[] {
  const split = graph.int64Constant(graph.uniqueName(`${layer.name}/split`), sizes);
  return graph.node('Split', [x, split], { axis: layer.kind === 'conv' ? 1 : -1 }, sizes.length);
}

/** Conv (with the layer's attributes) or MatMul; a non-zero `shift` is added per output (the asymmetric ADC). */
export function emitProduct(
  graph: GraphBuilder,
  layer: MatrixLayer,
  input: string,
  weights: string,
  shift: number,
  outputs: number,
  constant: Constant,
): string {
  if (layer.kind === 'conv') {
    const bias =
      shift !== 0 ? [constant(`${weights}_shift`, [outputs], new Array<number>(outputs).fill(shift))] : [];
    return graph.op('Conv', [input, weights, ...bias], { ...layer.convAttributes, group: layer.group });
  }
  const product = graph.op('MatMul', [input, weights]);
  return shift !== 0 ? graph.op('Add', [product, constant(`${weights}_shift`, [], [shift])]) : product;
}

/** Σ of the DAC codes over each output's rows, exactly (the digital offset of §3); `channels` of a partition. */
export function emitRowSums(
  graph: GraphBuilder,
  layer: MatrixLayer,
  x: string,
  constant: Constant,
  channels = layer.weightDims[1],
): string {
  if (layer.kind === 'matmul')
    return graph.op('ReduceSum', [x, graph.int64Constant(graph.uniqueName('axes'), [-1])], { keepdims: 1 });
  const groups = layer.group;
  const dims = [groups, channels, ...layer.weightDims.slice(2)];
  const ones = constant(
    graph.uniqueName('ones'),
    dims,
    new Float32Array(dims.reduce((a, b) => a * b, 1)).fill(1),
  );
  const sums = graph.op('Conv', [x, ones], { ...layer.convAttributes, group: groups });
  if (groups === 1) return sums;
  const perOutput = outputChannels(layer) / groups;
  const groupOf = Array.from({ length: outputChannels(layer) }, (_, o) => Math.floor(o / perOutput));
  return graph.op(
    'Gather',
    [sums, graph.int64Constant(graph.uniqueName(`${layer.name}/group_of`), groupOf)],
    { axis: 1 },
  );
}
