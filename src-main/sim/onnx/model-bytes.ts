// The bytes every session and analysis of a user's model reads: its external data inside, and float32 at its
// boundary (see float32-boundary.ts). A model that needs neither is passed on as it is, not re-encoded.
import { bringExternalDataInside } from './external-data';
import { castBoundaryToFloat32 } from './float32-boundary';
import { onnx, type ModelProto } from './proto';

export function selfContainedModelBytes(bytes: Uint8Array, file: string): Uint8Array {
  let model: ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch {
    return bytes; // not a model: decodeModel names the file and the reason
  }
  const external = bringExternalDataInside(model, bytes.byteLength, file);
  const boundary = castBoundaryToFloat32(model);
  return external || boundary ? onnx.ModelProto.encode(model).finish() : bytes;
}
