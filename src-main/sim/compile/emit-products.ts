// The analog products as graph nodes: row-partition splits, one Conv/MatMul per array, exact row sums.
import type { GraphBuilder } from '../onnx/graph-builder';
import { groupInputChannels, outputChannels, type MatrixLayer } from './matrix-layer';
import type { Constant } from './compile-types';

/** The row partitions' inputs: `sizes` channels each, of the layer's one group or of every group. */
export function splitChannels(graph: GraphBuilder, layer: MatrixLayer, x: string, sizes: number[]): string[] {
  if (layer.group === 1) {
    return graph.listOp('Split', x, sizes, { axis: layer.kind === 'conv' ? 1 : -1 }, sizes.length);
  }
  let first = 0;
  return sizes.map((count) => {
    const part = partitionChannels(graph, layer, x, { first, count });
    first += count;
    return part;
  });
}

/**
 * A row partition's input: channels [first, first + count) of every group (§3 tiles each group's matrix alone),
 * the input itself when the partition holds all of a group's channels.
 */
export function partitionChannels(
  graph: GraphBuilder,
  layer: MatrixLayer,
  x: string,
  { first, count }: { first: number; count: number },
): string {
  const perGroup = groupInputChannels(layer);
  if (first === 0 && count === perGroup) return x;
  const axis = layer.kind === 'conv' ? 1 : -1;
  if (layer.group === 1) {
    return graph.op('Slice', [
      x,
      graph.int64Constant(graph.uniqueName('from'), [first]),
      graph.int64Constant(graph.uniqueName('to'), [first + count]),
      graph.int64Constant(graph.uniqueName('axis'), [axis]),
    ]);
  }
  const channels = Array.from({ length: layer.group * count }, (_, i) => {
    const group = Math.floor(i / count);
    return group * perGroup + first + (i % count);
  });
  const indices = graph.int64Constant(graph.uniqueName(`${layer.name}/channels`), channels);
  return graph.op('Gather', [x, indices], { axis });
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
  if (layer.kind === 'matmul') return graph.listOp('ReduceSum', x, [-1], { keepdims: 1 })[0];
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
