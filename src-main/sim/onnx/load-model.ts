// A model as the analysis and the compiler read it: decoded, with the integer operator format in its QDQ form.
import type { ModelProto } from './proto';
import { lowerQuantizedOperators } from './quantized-operators';
import { decodeModel } from './read-model';

export function loadModel(bytes: Uint8Array, file: string): ModelProto {
  return lowerQuantizedOperators(decodeModel(bytes, file), file);
}
