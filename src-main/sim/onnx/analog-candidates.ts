// Recognizes the analog candidates (§1: Conv, Gemm, MatMul with a constant weight) and reads their weights and bias.
import type { AnalogKind, AnalogLayer } from './analog-layer';
import type { GraphIndex } from './graph-index';
import { floatAttribute, intAttribute } from './node-attributes';
import { OnnxModelError } from './onnx-model-error';
import type { NodeProto } from './proto';
import { isQuantizedOperator, quantizedOperatorReason } from './quantized-operators';
import type { ConstantTensor } from './tensor-values';
import { scaled, transposed } from './weight-matrix';

type FloatTensor = Extract<ConstantTensor, { kind: 'float' }>;

export interface AnalysisContext {
  file: string;
  graph: GraphIndex;
  constants: Map<string, ConstantTensor>;
  rankOf: (tensor: string) => number | null;
}

/** An analog candidate's kind, a reason why this Conv/Gemm/MatMul stays digital, or null for any other op. */
export type Classification = { kind: AnalogKind } | { reason: string } | null;

export function classifyNode(node: NodeProto, constants: Map<string, ConstantTensor>): Classification {
  if (node.domain && node.domain !== 'ai.onnx') return null;
  if (node.opType === 'Conv') return { kind: 'conv' };
  if (node.opType === 'Gemm') return { kind: 'gemm' };
  if (isQuantizedOperator(node)) return { reason: quantizedOperatorReason(node, constants) };
  return node.opType === 'MatMul' ? classifyMatMul(node, constants) : null;
}

function classifyMatMul(node: NodeProto, constants: Map<string, ConstantTensor>): Classification {
  const [activationName, weightName] = node.input ?? [];
  const activationConstant = constants.get(activationName);
  const weight = constants.get(weightName);
  if (activationConstant && weight) return { reason: 'both operands are constants' };
  if (activationConstant)
    return { reason: 'its constant is the first operand (W·x); only x·W maps to arrays' };
  if (!weight) return { reason: 'both operands are activations (as in attention)' };
  if (weight.kind !== 'float') return { reason: `its constant "${weightName}" is not a float tensor` };
  if (weight.dims.length !== 2) {
    return { reason: `its constant "${weightName}" has rank ${weight.dims.length}, not 2` };
  }
  return { kind: 'matmul' };
}

/** The layer as the node alone computes it, before any BatchNormalization is folded in. */
export function describeLayer(kind: AnalogKind, index: number, context: AnalysisContext): AnalogLayer {
  return describers[kind](context.graph.nodes[index], index, context);
}

type Describer = (node: NodeProto, index: number, context: AnalysisContext) => AnalogLayer;

const describers: Record<AnalogKind, Describer> = { conv: convLayer, gemm: gemmLayer, matmul: matmulLayer };

function convLayer(node: NodeProto, index: number, context: AnalysisContext): AnalogLayer {
  const weight = floatConstantInput(node, index, 1, 'weight', context);
  const group = intAttribute(node, 'group', 1);
  const [outputChannels, channelsPerGroup, ...kernel] = weight.dims;
  if (kernel.length === 0 || outputChannels % group !== 0) {
    throw layerError(
      context,
      index,
      `weight dims [${weight.dims}] are not [C_out, C_in/${group}, ...kernel]`,
    );
  }
  const kernelSize = kernel.reduce((a, b) => a * b, 1);
  return {
    ...layerBase(node, index, context, 'conv', weight),
    weights: weight.values,
    weightDims: [...weight.dims],
    bias: node.input?.[2] ? perOutputBias(node, index, context, outputChannels) : null,
    conv: { group, attributes: (node.attribute ?? []).filter((attribute) => attribute.name !== 'group') },
    inputChannels: channelsPerGroup * group,
    outputChannels,
    kernelSize,
    matrixRows: channelsPerGroup * kernelSize,
  };
}

/** Y = alpha·A'·B' + beta·C; alpha goes into the weights, B' is stored as [outputs][inputs]. */
function gemmLayer(node: NodeProto, index: number, context: AnalysisContext): AnalogLayer {
  const weight = floatConstantInput(node, index, 1, 'weight', context);
  if (weight.dims.length !== 2) throw layerError(context, index, `weight dims [${weight.dims}] are not 2-D`);
  const alpha = floatAttribute(node, 'alpha', 1);
  const transB = intAttribute(node, 'transB', 0) === 1;
  const [outputs, inputs] = transB ? weight.dims : [weight.dims[1], weight.dims[0]];
  const base = layerBase(node, index, context, 'gemm', weight);
  return {
    ...base,
    // alpha scales the grid's step with the weights.
    ...(base.grid?.step ? { grid: { ...base.grid, step: base.grid.step * Math.abs(alpha) } } : {}),
    weights: transB ? scaled(weight.values, alpha) : transposed(weight.values, inputs, outputs, alpha),
    weightDims: [outputs, inputs],
    ...gemmAddend(node, context, outputs),
    gemm: { transA: intAttribute(node, 'transA', 0) === 1 },
    ...matrixSize(inputs, outputs),
  };
}

/** beta·C becomes the bias when C holds one value per output (or one for all); any other C stays an Add. */
function gemmAddend(
  node: NodeProto,
  context: AnalysisContext,
  outputs: number,
): Pick<AnalogLayer, 'bias' | 'extraAdd'> {
  const addendName = node.input?.[2];
  if (!addendName) return { bias: null };
  const beta = floatAttribute(node, 'beta', 1);
  const addend = context.constants.get(addendName);
  const perOutput =
    addend?.kind === 'float' &&
    (addend.values.length === 1 || (addend.values.length === outputs && addend.dims.at(-1) === outputs));
  if (!perOutput) return { bias: null, extraAdd: { input: addendName, scale: beta } };
  const bias = Float32Array.from(
    { length: outputs },
    (_, o) => beta * addend.values[addend.values.length === 1 ? 0 : o],
  );
  return { bias };
}

function matmulLayer(node: NodeProto, index: number, context: AnalysisContext): AnalogLayer {
  const weight = floatConstantInput(node, index, 1, 'weight', context);
  const [inputs, outputs] = weight.dims;
  return {
    ...layerBase(node, index, context, 'matmul', weight),
    weights: transposed(weight.values, inputs, outputs),
    weightDims: [outputs, inputs],
    bias: null,
    ...matrixSize(inputs, outputs),
  };
}

/** Conv, Gemm and MatMul take activations of their weight's element type. */
function layerBase(
  node: NodeProto,
  index: number,
  context: AnalysisContext,
  kind: AnalogKind,
  weight: FloatTensor,
): Pick<AnalogLayer, 'name' | 'kind' | 'nodeIndices' | 'input' | 'output' | 'activationType' | 'grid'> {
  return {
    name: context.graph.names[index],
    kind,
    nodeIndices: [index],
    input: node.input?.[0] ?? '',
    output: node.output?.[0] ?? '',
    ...(weight.dataType === undefined ? {} : { activationType: weight.dataType }),
    ...(weight.grid ? { grid: weight.grid } : {}),
  };
}

function matrixSize(inputs: number, outputs: number) {
  return { inputChannels: inputs, outputChannels: outputs, kernelSize: 1, matrixRows: inputs };
}

function perOutputBias(
  node: NodeProto,
  index: number,
  context: AnalysisContext,
  outputs: number,
): Float32Array {
  const bias = floatConstantInput(node, index, 2, 'bias', context);
  if (bias.values.length !== outputs) {
    throw layerError(context, index, `bias has ${bias.values.length} values for ${outputs} output channels`);
  }
  return bias.values;
}

function floatConstantInput(
  node: NodeProto,
  index: number,
  position: number,
  role: string,
  context: AnalysisContext,
): FloatTensor {
  const tensor = node.input?.[position] ?? '';
  const value = context.constants.get(tensor);
  if (value?.kind === 'float') return value;
  const what = value ? 'not a float tensor' : 'not a constant';
  throw layerError(
    context,
    index,
    `${role} "${tensor}" is ${what}; list the node in digitalLayers to keep it digital`,
  );
}

function layerError(context: AnalysisContext, index: number, problem: string): OnnxModelError {
  const name = context.graph.names[index];
  const opType = context.graph.nodes[index].opType;
  return new OnnxModelError(context.file, `${context.file}: ${opType} node "${name}": ${problem}`, name);
}
