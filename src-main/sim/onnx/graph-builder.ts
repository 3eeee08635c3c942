// Builds ONNX models in memory: float32 initializers, nodes with typed attributes, and the encoded bytes.
import { onnx, type AttributeProto, type GraphProto, type NodeProto, type TensorProto } from './proto';

/**
 * Integers become INT attributes; wrap a float whose value is integral as `{ float: 1 }`, and a subgraph (a
 * Scan or Loop body) as `{ graph }`.
 */
export type AttributeValue =
  number | number[] | string | Float32Array | { float: number } | { graph: GraphProto };

export interface ValueInfo {
  name: string;
  /** Dimensions; a string is a symbolic dimension such as "N". */
  shape: (number | string)[];
}

const DEFAULT_OPSET = 13;

/** The operand that `listOp` writes as an attribute or an input, by op. */
const LIST_OPERANDS = { Split: 'split', Squeeze: 'axes', Unsqueeze: 'axes', ReduceSum: 'axes' } as const;
export type ListOp = keyof typeof LIST_OPERANDS;

/** One ONNX graph under construction. Names must be unique; `uniqueName` helps passes avoid clashes. */
export class GraphBuilder {
  private readonly nodes: NodeProto[] = [];
  private readonly initializers: TensorProto[] = [];
  private readonly inputs: ValueInfo[] = [];
  private readonly outputs: ValueInfo[] = [];
  private counter = 0;

  /**
   * `namePrefix` keeps generated names apart from those of a model the nodes are spliced into; `opset` is the
   * default domain's version the nodes must be valid in (the spliced model's own, see `listOp`).
   */
  constructor(
    private readonly name = 'graph',
    private readonly namePrefix = '',
    readonly opset = DEFAULT_OPSET,
  ) {}

  uniqueName(prefix: string): string {
    return `${this.namePrefix}${prefix}_${this.counter++}`;
  }

  input(name: string, shape: ValueInfo['shape']): string {
    this.inputs.push({ name, shape });
    return name;
  }

  output(name: string, shape: ValueInfo['shape']): void {
    this.outputs.push({ name, shape });
  }

  /** A float32 constant; returns its name. */
  constant(name: string, dims: readonly number[], data: Float32Array | readonly number[]): string {
    const values = data instanceof Float32Array ? data : Float32Array.from(data);
    if (values.length !== dims.reduce((a, b) => a * b, 1)) {
      throw new Error(`constant ${name}: ${values.length} values do not fill dims [${dims.join(', ')}]`);
    }
    this.initializers.push(floatTensor(name, dims, values));
    return name;
  }

  /** An int64 constant (shapes, axes); returns its name. */
  int64Constant(name: string, values: readonly number[]): string {
    this.initializers.push({
      name,
      dims: [values.length],
      dataType: onnx.TensorProto.DataType.INT64,
      int64Data: [...values],
    });
    return name;
  }

  /** The dims [from, to) of a tensor's shape at run time, as an int64 tensor (for Reshape, Expand, Split). */
  shapeDims(tensor: string, from: number, to = 2 ** 31 - 1): string {
    return this.op('Slice', [
      this.op('Shape', [tensor]),
      this.int64Constant(this.uniqueName('from'), [from]),
      this.int64Constant(this.uniqueName('to'), [to]),
    ]);
  }

  /**
   * Split, Squeeze, Unsqueeze and ReduceSum took their sizes or axes as an INTS attribute before opset 13 and as
   * an int64 input since: the node is written in the form of this graph's opset.
   */
  listOp(
    opType: ListOp,
    input: string,
    values: readonly number[],
    attributes: Record<string, AttributeValue> = {},
    outputCount = 1,
  ): string[] {
    const listName = LIST_OPERANDS[opType];
    if (this.opset >= 13) {
      const list = this.int64Constant(this.uniqueName(listName), values);
      return this.node(opType, [input, list], attributes, outputCount);
    }
    return this.node(opType, [input], { ...attributes, [listName]: [...values] }, outputCount);
  }

  /** Adds a node and returns the names of its outputs (one unless `outputCount` says otherwise). */
  node(
    opType: string,
    inputs: string[],
    attributes: Record<string, AttributeValue> = {},
    outputCount = 1,
  ): string[] {
    const outputs = Array.from({ length: outputCount }, () => this.uniqueName(opType.toLowerCase()));
    return this.push(opType, inputs, attributes, outputs);
  }

  /** Like `node` with one output, for chaining; `outputName` names the output (e.g. a tensor to replace). */
  op(
    opType: string,
    inputs: string[],
    attributes: Record<string, AttributeValue> = {},
    outputName?: string,
  ): string {
    const outputs = outputName === undefined ? [this.uniqueName(opType.toLowerCase())] : [outputName];
    return this.push(opType, inputs, attributes, outputs)[0];
  }

  /** Like `op`, with the node named `nodeName` (the name digitalLayers and reports know a layer by). */
  namedOp(
    nodeName: string,
    opType: string,
    inputs: string[],
    attributes: Record<string, AttributeValue> = {},
    outputName = this.uniqueName(opType.toLowerCase()),
  ): string {
    return this.push(opType, inputs, attributes, [outputName], nodeName)[0];
  }

  private push(
    opType: string,
    inputs: string[],
    attributes: Record<string, AttributeValue>,
    outputs: string[],
    nodeName = this.uniqueName(opType),
  ) {
    this.nodes.push({
      name: nodeName,
      opType,
      input: inputs,
      output: outputs,
      attribute: Object.entries(attributes).map(([name, value]) => attribute(name, value)),
    });
    return outputs;
  }

  /** The nodes and initializers built so far, to splice into another model. */
  parts(): { nodes: NodeProto[]; initializers: TensorProto[] } {
    return { nodes: [...this.nodes], initializers: [...this.initializers] };
  }

  /** The graph as built: a model's main graph, or the body of a Scan (whose inputs and outputs are its state). */
  graphProto(): GraphProto {
    return {
      name: this.name,
      node: this.nodes,
      initializer: this.initializers,
      input: this.inputs.map(valueInfo),
      output: this.outputs.map(valueInfo),
    };
  }

  encode(opset = this.opset): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: 'crossbar-studio',
      opsetImport: [{ domain: '', version: opset }],
      graph: this.graphProto(),
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

export function floatTensor(name: string, dims: readonly number[], values: Float32Array): TensorProto {
  return {
    name,
    dims: [...dims],
    dataType: onnx.TensorProto.DataType.FLOAT,
    rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
  };
}

function valueInfo({ name, shape }: ValueInfo) {
  return {
    name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

/** An ONNX attribute from a plain value (see `AttributeValue` for how numbers are typed). */
export function attribute(name: string, value: AttributeValue): AttributeProto {
  const { AttributeType } = onnx.AttributeProto;
  if (typeof value === 'string')
    return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value) };
  if (typeof value === 'number') {
    return Number.isInteger(value)
      ? { name, type: AttributeType.INT, i: value }
      : { name, type: AttributeType.FLOAT, f: value };
  }
  if (value instanceof Float32Array) return { name, type: AttributeType.FLOATS, floats: [...value] };
  if (Array.isArray(value)) return { name, type: AttributeType.INTS, ints: value };
  if ('graph' in value) return { name, type: AttributeType.GRAPH, g: value.graph };
  return { name, type: AttributeType.FLOAT, f: value.float };
}

/** A Cast node to the ONNX element type `to`. */
export function castNode(name: string, input: string, output: string, to: number): NodeProto {
  return { name, opType: 'Cast', input: [input], output: [output], attribute: [attribute('to', to)] };
}
