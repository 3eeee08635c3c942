// A model whose inputs or outputs are float16, bfloat16 or float64 (fp16 exports, converters' outputs) takes and
// returns float32 through Casts at its boundary: the images and logits stay float32 while every activation inside
// keeps the model's own precision.
import { castNode } from './graph-builder';
import { onnx, type ModelProto, type NodeProto, type ValueInfoProto } from './proto';

const { DataType } = onnx.TensorProto;
const OTHER_FLOATS = new Set<number>([DataType.FLOAT16, DataType.BFLOAT16, DataType.DOUBLE]);

/** Adds the Casts to the model (which is changed); false when every input and output is float32 or not a float. */
export function castBoundaryToFloat32(model: ModelProto): boolean {
  const graph = model.graph;
  if (!graph) return false;
  const initializers = new Set((graph.initializer ?? []).map((tensor) => tensor.name));
  const inputs = (graph.input ?? []).filter((value) => !initializers.has(value.name) && isOtherFloat(value));
  const outputs = (graph.output ?? []).filter(isOtherFloat);
  if (inputs.length === 0 && outputs.length === 0) return false;
  const nodes = graph.node ?? [];
  const casts: NodeProto[] = inputs.map((value) => {
    const inner = `${value.name}/${typeName(value)}`;
    for (const node of nodes)
      node.input = (node.input ?? []).map((name) => (name === value.name ? inner : name));
    return castNode(`${value.name}/to_${typeName(value)}`, value.name!, inner, elemType(value));
  });
  const outputCasts = outputs.map((value) => {
    const inner = `${value.name}/${typeName(value)}`;
    for (const node of nodes)
      node.output = (node.output ?? []).map((name) => (name === value.name ? inner : name));
    // An output that is also a graph input or read by other nodes keeps its readers on the model's tensor.
    for (const node of nodes)
      node.input = (node.input ?? []).map((name) => (name === value.name ? inner : name));
    return castNode(`${value.name}/to_float32`, inner, value.name!, DataType.FLOAT);
  });
  for (const value of [...inputs, ...outputs]) value.type!.tensorType!.elemType = DataType.FLOAT;
  graph.node = [...casts, ...nodes, ...outputCasts];
  return true;
}

function isOtherFloat(value: ValueInfoProto): boolean {
  return OTHER_FLOATS.has(elemType(value));
}

function elemType(value: ValueInfoProto): number {
  return value.type?.tensorType?.elemType ?? DataType.UNDEFINED;
}

function typeName(value: ValueInfoProto): string {
  return DataType[elemType(value)].toLowerCase();
}
