// Reads an ONNX model's bytes and its constant tensors: graph initializers and the outputs of Constant nodes.
import { OnnxModelError } from './onnx-model-error';
import { onnx, type AttributeProto, type ModelProto, type NodeProto, type TensorProto } from './proto';
import { foldQuantization } from './quantized-constants';
import { decodeTensor, type ConstantTensor } from './tensor-values';

export type { ConstantTensor } from './tensor-values';

export function decodeModel(bytes: Uint8Array, file: string): ModelProto {
  let model: ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new OnnxModelError(file, `${file} is not an ONNX model (corrupt protobuf: ${reason})`);
  }
  // Arbitrary bytes sometimes parse as a protobuf with unknown fields only; a model without nodes is no model.
  if (!model.graph?.node?.length) {
    throw new OnnxModelError(file, `${file} is not an ONNX model (it has no graph nodes)`);
  }
  return model;
}

/** The oldest opset whose operator forms the compiler emits (Clip's bounds as inputs came with opset 11). */
export const OLDEST_OPSET = 11;

/** The version of the default ONNX domain the model imports; a model older than OLDEST_OPSET is refused. */
export function defaultDomainOpset(model: ModelProto, file: string): number {
  const entry = (model.opsetImport ?? []).find(({ domain }) => !domain || domain === 'ai.onnx');
  const version = Number(entry?.version ?? 0);
  if (version < OLDEST_OPSET) {
    throw new OnnxModelError(
      file,
      `${file} uses ONNX opset ${version || 'none'}; analog layers need opset ${OLDEST_OPSET} or later ` +
        '(export the model again with a newer opset_version)',
    );
  }
  return version;
}

/**
 * Every constant tensor by name. Identity nodes of a constant are constants too, since some exporters route
 * shared weights through them, and so are Q/DQ nodes of constants (a QDQ model's weights). String and complex tensors are left out: no layer computes with them.
 */
export function readConstants(model: ModelProto, file: string): Map<string, ConstantTensor> {
  const constants = new Map<string, ConstantTensor>();
  for (const tensor of model.graph?.initializer ?? []) {
    const value = readTensor(tensor, file);
    if (value) constants.set(tensor.name ?? '', value);
  }
  for (const node of model.graph?.node ?? []) {
    const output = node.output?.[0];
    if (!output) continue;
    const value =
      node.opType === 'Constant'
        ? constantNodeValue(node, file)
        : node.opType === 'Identity'
          ? constants.get(node.input?.[0] ?? '')
          : foldQuantization(node, constants);
    if (value) constants.set(output, value);
  }
  return constants;
}

function readTensor(tensor: TensorProto, file: string, node?: string): ConstantTensor | null {
  if (tensor.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) {
    const location = tensor.externalData?.find((entry) => entry.key === 'location')?.value ?? '?';
    throw new OnnxModelError(
      file,
      `${file}: tensor "${tensor.name}" keeps its data in the external file "${location}"; ` +
        'save the model with its weights inside the .onnx file',
      node,
    );
  }
  try {
    return decodeTensor(tensor);
  } catch (error) {
    throw new OnnxModelError(file, `${file}: ${error instanceof Error ? error.message : error}`, node);
  }
}

/** A Constant node holds its value in exactly one attribute; value_float(s)/value_int(s) are shorthands. */
function constantNodeValue(node: NodeProto, file: string): ConstantTensor | null {
  const attribute: AttributeProto | undefined = node.attribute?.[0];
  switch (attribute?.name) {
    case 'value':
      return attribute.t
        ? readTensor({ ...attribute.t, name: node.output?.[0] }, file, node.name ?? '')
        : null;
    case 'value_float':
      return { kind: 'float', dims: [], values: Float32Array.of(attribute.f ?? 0) };
    case 'value_floats':
      return {
        kind: 'float',
        dims: [attribute.floats?.length ?? 0],
        values: Float32Array.from(attribute.floats ?? []),
      };
    case 'value_int':
      return { kind: 'int', dims: [], values: [Number(attribute.i ?? 0)] };
    case 'value_ints':
      return { kind: 'int', dims: [attribute.ints?.length ?? 0], values: (attribute.ints ?? []).map(Number) };
    default:
      return null;
  }
}
