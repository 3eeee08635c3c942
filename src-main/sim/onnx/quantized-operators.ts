// The older quantized operator format (QLinearConv, QLinearMatMul, ConvInteger, MatMulInteger) rewritten as the
// float operator it stands for, between a DequantizeLinear of its activation and a QuantizeLinear (or a cast back
// to int32) of its result: the form a QDQ model has, so that the operator's integer weights, dequantized, become
// the analog layer's weights like any QDQ model's.
import { castNode, floatTensor } from './graph-builder';
import { nodeInputs } from './graph-index';
import { onnx, type ModelProto, type NodeProto, type TensorProto } from './proto';
import { dequantizeValues } from './quantized-constants';
import { readConstants } from './read-model';
import type { ConstantTensor } from './tensor-values';

const { DataType } = onnx.TensorProto;

type IntTensor = Extract<ConstantTensor, { kind: 'int' }>;
type FloatTensor = Extract<ConstantTensor, { kind: 'float' }>;

/** A replacement: the nodes computing the operator's output in float, and the constants they add. */
interface Lowered {
  nodes: NodeProto[];
  initializers: TensorProto[];
}

type Lowering = (node: NodeProto, name: string, constants: Map<string, ConstantTensor>) => Lowered;

const LOWERINGS: Record<string, Lowering> = {
  QLinearConv: lowerQLinearConv,
  QLinearMatMul: lowerQLinearMatMul,
  ConvInteger: (node, name, constants) => integerProduct(node, name, 'Conv', constants),
  MatMulInteger: (node, name, constants) => integerProduct(node, name, 'MatMul', constants),
};

/** A quantized operator whose weight, scales or zero points are not constants this rewrite can read. */
class NotLowerable extends Error {}

export function isQuantizedOperator(node: NodeProto): boolean {
  return (!node.domain || node.domain === 'ai.onnx') && Object.hasOwn(LOWERINGS, node.opType ?? '');
}

/** Why a quantized operator that `lowerQuantizedOperators` left as it is stays digital. */
export function quantizedOperatorReason(node: NodeProto, constants: Map<string, ConstantTensor>): string {
  try {
    LOWERINGS[node.opType!](node, node.name ?? '', constants);
  } catch (error) {
    if (error instanceof NotLowerable) return `${error.message}, so it stays in the integer operator format`;
    throw error;
  }
  return 'it is in the integer operator format';
}

/**
 * The model with every quantized operator of the default domain rewritten; the given model is not changed, and
 * one without such operators is returned as it is. An operator that cannot be rewritten (its weight is an
 * activation, as in quantized attention, or a zero point is per activation row) stays as it is, digital.
 */
export function lowerQuantizedOperators(model: ModelProto, file: string): ModelProto {
  const nodes = model.graph?.node ?? [];
  if (!nodes.some(isQuantizedOperator)) return model;
  const constants = readConstants(model, file);
  const initializers: TensorProto[] = [];
  const rewrittenReads = new Set<string>();
  const lowered = nodes.flatMap((node, index) => {
    if (!isQuantizedOperator(node)) return [node];
    const name = node.name || `${node.opType}_${index}`;
    try {
      const replacement = LOWERINGS[node.opType!](node, name, constants);
      initializers.push(...replacement.initializers);
      for (const input of nodeInputs(node)) rewrittenReads.add(input);
      return replacement.nodes;
    } catch (error) {
      if (error instanceof NotLowerable) return [node];
      throw error;
    }
  });
  const graph = model.graph!;
  // The integer weights the rewrite dequantized are read no more (onnxruntime would warn of each); IR < 4 lists
  // initializers among the inputs too, where one left behind would become a required input.
  const read = new Set([
    ...lowered.flatMap((node) => [...nodeInputs(node)]),
    ...(graph.output ?? []).map((o) => o.name),
  ]);
  const orphaned = (name: string | null | undefined) =>
    rewrittenReads.has(name ?? '') && !read.has(name ?? '');
  return onnx.ModelProto.create({
    ...model,
    graph: {
      ...graph,
      node: lowered,
      initializer: [...(graph.initializer ?? []).filter((tensor) => !orphaned(tensor.name)), ...initializers],
      input: (graph.input ?? []).filter((input) => !orphaned(input.name)),
    },
  });
}

/** y = Q(Conv(DQ(x), (w − w_zero)·w_scale, B·x_scale·w_scale), y_scale, y_zero). */
function lowerQLinearConv(node: NodeProto, name: string, constants: Map<string, ConstantTensor>): Lowered {
  const [x, xScale, xZero, w, wScale, wZero, yScale, yZero, bias] = node.input ?? [];
  const weight = constantOf('int', constants, w, 'weight');
  const weightScale = constantOf('float', constants, wScale, 'weight scale');
  const channels = weight.dims[0];
  const dequantized = dequantize('Conv', weight, weightScale, optionalInt(constants, wZero));
  const weightName = `${name}/weight`;
  const initializers = [floatTensor(weightName, weight.dims, dequantized)];
  const convInputs = [`${name}/input`, weightName];
  if (bias) {
    const inputScale = constantOf('float', constants, xScale, 'input scale').values[0];
    const biasValues = constantOf('int', constants, bias, 'bias');
    const scaleOf = (c: number) => inputScale * weightScale.values[weightScale.values.length === 1 ? 0 : c];
    const biasName = `${name}/bias`;
    initializers.push(
      floatTensor(
        biasName,
        [channels],
        Float32Array.from(biasValues.values, (b, c) => b * scaleOf(c)),
      ),
    );
    convInputs.push(biasName);
  }
  return {
    nodes: [
      dequantizeNode(`${name}/dequantize_input`, [x, xScale, xZero], `${name}/input`),
      { ...node, domain: '', opType: 'Conv', name, input: convInputs, output: [`${name}/float_output`] },
      quantizeNode(name, [`${name}/float_output`, yScale, yZero], node.output![0]),
    ],
    initializers,
  };
}

/** y = Q(MatMul(DQ(a), (b − b_zero)·b_scale), y_scale, y_zero); b's scale and zero point are per column. */
function lowerQLinearMatMul(node: NodeProto, name: string, constants: Map<string, ConstantTensor>): Lowered {
  const [a, aScale, aZero, b, bScale, bZero, yScale, yZero] = node.input ?? [];
  const weight = constantOf('int', constants, b, 'weight');
  const weightName = `${name}/weight`;
  const values = dequantize(
    'MatMul',
    weight,
    constantOf('float', constants, bScale, 'weight scale'),
    optionalInt(constants, bZero),
  );
  return {
    nodes: [
      dequantizeNode(`${name}/dequantize_input`, [a, aScale, aZero], `${name}/input`),
      { name, opType: 'MatMul', input: [`${name}/input`, weightName], output: [`${name}/float_output`] },
      quantizeNode(name, [`${name}/float_output`, yScale, yZero], node.output![0]),
    ],
    initializers: [floatTensor(weightName, weight.dims, values)],
  };
}

/**
 * ConvInteger and MatMulInteger, (input, weight, input zero point, weight zero point):
 * y = int32(op(x − x_zero, w − w_zero)) in integer-valued floats, exact while |y| < 2²⁴.
 */
function integerProduct(
  node: NodeProto,
  name: string,
  opType: 'Conv' | 'MatMul',
  constants: Map<string, ConstantTensor>,
): Lowered {
  const [input, w, inputZero, weightZero] = node.input ?? [];
  const weight = constantOf('int', constants, w, 'weight');
  if (inputZero && (constants.get(inputZero)?.dims ?? []).reduce((a, b) => a * b, 1) !== 1) {
    throw new NotLowerable(
      'its activation zero point is not one value (a zero point per row is not supported)',
    );
  }
  const unitScale = `${name}/unit_scale`;
  const weightName = `${name}/weight`;
  const values = dequantize(
    opType,
    weight,
    { kind: 'float', dims: [], values: Float32Array.of(1) },
    optionalInt(constants, weightZero),
  );
  const attributes = opType === 'Conv' ? node.attribute : [];
  return {
    nodes: [
      dequantizeNode(`${name}/dequantize_input`, [input, unitScale, inputZero], `${name}/input`),
      {
        name,
        opType,
        input: [`${name}/input`, weightName],
        output: [`${name}/float_output`],
        attribute: attributes,
      },
      {
        name: `${name}/round`,
        opType: 'Round',
        input: [`${name}/float_output`],
        output: [`${name}/rounded`],
      },
      castNode(`${name}/to_int32`, `${name}/rounded`, node.output![0], DataType.INT32),
    ],
    initializers: [
      floatTensor(unitScale, [], Float32Array.of(1)),
      floatTensor(weightName, weight.dims, values),
    ],
  };
}

/**
 * (q − zero)·scale per output channel: axis 0 of a Conv weight, the columns (last axis) of a MatMul's. A scale or
 * zero point that is neither one value nor one per output channel is not rewritten.
 */
function dequantize(
  opType: 'Conv' | 'MatMul',
  q: IntTensor,
  scale: FloatTensor,
  zero: IntTensor | undefined,
): Float32Array {
  const values = dequantizeValues(q, scale, zero, opType === 'Conv' ? 0 : -1);
  if (!values) {
    throw new NotLowerable('its weight scale or zero point is neither one value nor one per output channel');
  }
  return values;
}

function dequantizeNode(name: string, inputs: (string | undefined)[], output: string): NodeProto {
  return { name, opType: 'DequantizeLinear', input: withoutTrailingEmpty(inputs), output: [output] };
}

function quantizeNode(name: string, inputs: (string | undefined)[], output: string): NodeProto {
  return {
    name: `${name}/quantize_output`,
    opType: 'QuantizeLinear',
    input: withoutTrailingEmpty(inputs),
    output: [output],
  };
}

function withoutTrailingEmpty(inputs: (string | undefined)[]): string[] {
  const names = inputs.map((input) => input ?? '');
  while (names.length && !names.at(-1)) names.pop();
  return names;
}

/** The constant of that kind, or NotLowerable naming its role. */
function constantOf<Kind extends ConstantTensor['kind']>(
  kind: Kind,
  constants: Map<string, ConstantTensor>,
  name: string | undefined,
  role: string,
): Extract<ConstantTensor, { kind: Kind }> {
  const value = constants.get(name ?? '');
  if (value?.kind !== kind) {
    throw new NotLowerable(
      `its ${role} "${name}" is not ${kind === 'int' ? 'an integer' : 'a float'} constant`,
    );
  }
  return value as Extract<ConstantTensor, { kind: Kind }>;
}

function optionalInt(
  constants: Map<string, ConstantTensor>,
  name: string | undefined,
): IntTensor | undefined {
  return name ? constantOf('int', constants, name, 'zero point') : undefined;
}
