// Brings tensors stored beside a model (ONNX external data, as exporters write weights past 2 GB) into the model,
// so that onnxruntime sessions created from its bytes, and the project's copy of the model, are whole.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { OnnxModelError } from './onnx-model-error';
import { onnx, type ModelProto, type TensorProto } from './proto';

// A protobuf message cannot exceed 2 GiB: a model whose weights are larger cannot be held as one set of bytes.
const PROTOBUF_LIMIT_BYTES = 2 ** 31 - 1;

/**
 * Reads every external tensor's data into the model (which is changed); false when no tensor is external. `bytes`
 * is the model's encoded size, to refuse one whose whole would pass the 2 GiB a protobuf can hold.
 */
export function bringExternalDataInside(model: ModelProto, byteLength: number, file: string): boolean {
  const external = externalTensors(model);
  if (external.length === 0) return false;
  let total = byteLength;
  for (const tensor of external) {
    tensor.rawData = readExternal(tensor, file);
    total += tensor.rawData.byteLength;
    tensor.externalData = [];
    tensor.dataLocation = onnx.TensorProto.DataLocation.DEFAULT;
  }
  if (total > PROTOBUF_LIMIT_BYTES) {
    throw new OnnxModelError(
      file,
      `${file}: its external weights make the model ${(total / 2 ** 30).toFixed(1)} GiB, beyond the 2 GiB one ` +
        'ONNX file can hold; models that large are not supported',
    );
  }
  return true;
}

function externalTensors(model: ModelProto): TensorProto[] {
  const graph = model.graph;
  const constants = (graph?.node ?? []).flatMap((node) =>
    (node.attribute ?? []).flatMap((attribute) => (attribute.t ? [attribute.t] : [])),
  );
  return [...(graph?.initializer ?? []), ...constants].filter(
    (tensor) => tensor.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL,
  );
}

/** The tensor's bytes from its data file (location relative to the model's folder, optional offset and length). */
function readExternal(tensor: TensorProto, file: string): Uint8Array {
  const entry = (key: string) => tensor.externalData?.find((item) => item.key === key)?.value ?? undefined;
  const location = entry('location');
  if (!location || isAbsolute(location)) {
    throw new OnnxModelError(
      file,
      `${file}: tensor "${tensor.name}" is external without a relative data location (location: ${location ?? 'none'})`,
    );
  }
  const dataFile = resolve(dirname(file), location);
  let data: Buffer;
  try {
    data = readFileSync(dataFile);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new OnnxModelError(
      file,
      `${file}: tensor "${tensor.name}" keeps its data in ${dataFile}, which cannot be read (${code}); ` +
        'keep the data file beside the model',
    );
  }
  const offset = Number(entry('offset') ?? 0);
  const length = entry('length') === undefined ? data.byteLength - offset : Number(entry('length'));
  if (!(offset >= 0 && length >= 0 && offset + length <= data.byteLength)) {
    throw new OnnxModelError(
      file,
      `${file}: tensor "${tensor.name}" reads bytes ${offset}–${offset + length} of ${dataFile}, which has ${data.byteLength}`,
    );
  }
  return data.subarray(offset, offset + length);
}
