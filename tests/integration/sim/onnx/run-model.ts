// Runs an ONNX model through onnxruntime-node and compares two models' outputs on the same input.
import * as ort from 'onnxruntime-node';
import { expect } from 'vitest';
import { onnx, type ModelProto } from '../../../../src-main/sim/onnx/proto';

/** Every graph output as float32 values, in the graph's output order. */
export async function runModel(
  bytes: Uint8Array,
  input: Float32Array,
  dims: number[],
): Promise<Float32Array[]> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const outputs = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', input, dims) });
    return session.outputNames.map((name) => {
      const data = outputs[name].data;
      if (!(data instanceof Float32Array)) throw new Error(`output ${name} is ${outputs[name].type}`);
      return data;
    });
  } finally {
    await session.release();
  }
}

export function encode(model: ModelProto): Uint8Array {
  return onnx.ModelProto.encode(model).finish();
}

/** Largest |difference| relative to the largest |expected| value: float32 rounding gives ~1e-6 per layer. */
export function relativeError(actual: Float32Array, expected: Float32Array): number {
  let scale = 0;
  let difference = 0;
  expected.forEach((value, i) => {
    scale = Math.max(scale, Math.abs(value));
    difference = Math.max(difference, Math.abs(actual[i] - value));
  });
  return difference / scale;
}

export function expectSameOutputs(actual: Float32Array[], expected: Float32Array[], tolerance = 1e-4): void {
  expect(actual.map((output) => output.length)).toEqual(expected.map((output) => output.length));
  actual.forEach((output, i) => expect(relativeError(output, expected[i])).toBeLessThan(tolerance));
}
