// Ranks of activation tensors, where the model declares them or a few ops make them plain; null when unknown.
import type { GraphProto, NodeProto } from './proto';
import type { ConstantTensor } from './tensor-values';

/** Ops whose output has the largest rank of their inputs (elementwise, with broadcasting, and MatMul of ranks ≥ 2). */
const broadcastingOps = new Set([
  'Add',
  'Sub',
  'Mul',
  'Div',
  'Relu',
  'LeakyRelu',
  'Sigmoid',
  'Tanh',
  'Clip',
  'Erf',
  'Dropout',
  'Identity',
  'Softmax',
  'BatchNormalization',
  'MatMul',
]);

/**
 * Returns a function giving a tensor's rank. Only the BatchNormalization fold after a MatMul needs it (§1: the BN
 * must normalize the axis the outputs are on), so it knows just enough ops to see a 2-D activation through them.
 */
export function tensorRanks(
  graph: GraphProto,
  constants: Map<string, ConstantTensor>,
): (tensor: string) => number | null {
  const declared = new Map<string, number>();
  for (const info of [...(graph.input ?? []), ...(graph.output ?? []), ...(graph.valueInfo ?? [])]) {
    const dims = info.type?.tensorType?.shape?.dim;
    if (info.name && dims) declared.set(info.name, dims.length);
  }
  const producers = new Map<string, NodeProto>();
  for (const node of graph.node ?? []) for (const output of node.output ?? []) producers.set(output, node);

  const rankOf = (tensor: string): number | null => {
    const known = declared.get(tensor) ?? constants.get(tensor)?.dims.length;
    if (known !== undefined) return known;
    const producer = producers.get(tensor);
    if (!producer) return null;
    const rank = producedRank(producer, constants, rankOf);
    if (rank !== null) declared.set(tensor, rank);
    return rank;
  };
  return rankOf;
}

function producedRank(
  node: NodeProto,
  constants: Map<string, ConstantTensor>,
  rankOf: (tensor: string) => number | null,
): number | null {
  if (node.opType === 'Flatten' || node.opType === 'Gemm') return 2;
  if (node.opType === 'Reshape') return constants.get(node.input?.[1] ?? '')?.values.length ?? null;
  if (!broadcastingOps.has(node.opType ?? '')) return null;
  let largest = 0;
  for (const input of (node.input ?? []).filter((name) => name !== '')) {
    const rank = rankOf(input);
    if (rank === null) return null;
    largest = Math.max(largest, rank);
  }
  return largest;
}
