// Folds a BatchNormalization that directly follows an analog layer into the layer's weights and bias (§1).
import type { AnalysisContext } from './analog-candidates';
import type { AnalogLayer } from './analog-layer';
import { floatAttribute, intAttribute } from './node-attributes';
import type { NodeProto } from './proto';

interface FoldableBatchNorm {
  index: number;
  scale: Float32Array;
  shift: Float32Array;
  mean: Float32Array;
  variance: Float32Array;
  epsilon: number;
}

/** W' = γW/√(σ²+ε), b' = γ(b−μ)/√(σ²+ε)+β per output channel (§1); the layer unchanged when no BN folds. */
export function foldFollowingBatchNorm(layer: AnalogLayer, context: AnalysisContext): AnalogLayer {
  const batchNorm = foldableBatchNorm(layer, context);
  if (!batchNorm) return layer;
  const { scale, shift, mean, variance, epsilon } = batchNorm;
  const source = layer.weights;
  const rowLength = source.length / layer.outputChannels;
  const weights = new Float32Array(source.length);
  const bias = new Float32Array(layer.outputChannels);
  for (let channel = 0; channel < layer.outputChannels; channel++) {
    const factor = scale[channel] / Math.sqrt(variance[channel] + epsilon);
    const end = (channel + 1) * rowLength;
    for (let i = channel * rowLength; i < end; i++) weights[i] = source[i] * factor;
    bias[channel] = factor * ((layer.bias?.[channel] ?? 0) - mean[channel]) + shift[channel];
  }
  const output = context.graph.nodes[batchNorm.index].output?.[0] ?? '';
  // Each channel's weights are scaled by its own factor: an integer grid keeps its integers, per channel.
  const grid = layer.grid && { bits: layer.grid.bits, step: null };
  return { ...layer, nodeIndices: [...layer.nodeIndices, batchNorm.index], output, weights, bias, grid };
}

/**
 * The BN that may fold: the layer's only reader, in inference mode, with constant per-channel parameters, over
 * the axis the layer's outputs are on. BN normalizes axis 1, which holds a Conv's channels and a Gemm's outputs,
 * but a MatMul on [batch, tokens, features] puts its outputs on the last axis, so only a 2-D MatMul folds.
 */
function foldableBatchNorm(layer: AnalogLayer, context: AnalysisContext): FoldableBatchNorm | null {
  const { consumers, graphOutputs, nodes } = context.graph;
  const readers = consumers.get(layer.output) ?? [];
  if (readers.length !== 1 || graphOutputs.has(layer.output) || layer.extraAdd) return null;
  const node = nodes[readers[0]];
  if (!isInferenceBatchNorm(node) || node.input?.[0] !== layer.output) return null;
  if (layer.kind === 'matmul' && context.rankOf(layer.input) !== 2) return null;
  const parameters = (node.input ?? []).slice(1, 5).map((name) => context.constants.get(name));
  const perChannel = parameters.flatMap((parameter) =>
    parameter?.kind === 'float' && parameter.values.length === layer.outputChannels ? [parameter.values] : [],
  );
  if (perChannel.length !== 4) return null;
  const [scale, shift, mean, variance] = perChannel;
  return { index: readers[0], scale, shift, mean, variance, epsilon: floatAttribute(node, 'epsilon', 1e-5) };
}

/** Training mode (opset 14+, or extra outputs) and opset < 9's per-position `spatial: 0` do not fold. */
function isInferenceBatchNorm(node: NodeProto): boolean {
  return (
    node.opType === 'BatchNormalization' &&
    (!node.domain || node.domain === 'ai.onnx') &&
    intAttribute(node, 'training_mode', 0) === 0 &&
    intAttribute(node, 'spatial', 1) === 1 &&
    (node.output ?? []).slice(1).every((name) => name === '')
  );
}
