// The compiler's view of one analog layer: a weight matrix, how it is applied (conv or matmul), and its tensors.
import type { AnalogLayer } from '../onnx/analog-layer';
import type { AttributeValue } from '../onnx/graph-builder';
import type { IntegerGrid } from '../onnx/tensor-values';
import { onnx, type AttributeProto } from '../onnx/proto';

export interface MatrixLayer {
  name: string;
  /** conv: weights [C_out, C_in/group, kH, kW]; matmul: weights [C_out, K] with y = W·x over the last axis. */
  kind: 'conv' | 'matmul';
  weights: Float32Array;
  weightDims: number[];
  /** A quantized model's weight grid (see `IntegerGrid`); absent for a float weight. */
  grid?: IntegerGrid;
  /** Per output channel, added digitally after the analog product. */
  bias: Float32Array | null;
  group: number;
  /** Conv attributes other than group (kernel_shape, strides, pads, dilations, auto_pad), copied as they are. */
  convAttributes: Record<string, AttributeValue>;
  /** A Gemm with transA: the activation is transposed before the DAC. */
  transposeInput: boolean;
  input: string;
  output: string;
}

/** The matrix view of an analysed layer; a Gemm is a matmul over its (possibly transposed) activation. */
export function matrixLayerOf(layer: AnalogLayer, output = layer.output): MatrixLayer {
  return {
    name: layer.name,
    kind: layer.kind === 'conv' ? 'conv' : 'matmul',
    weights: layer.weights,
    weightDims: layer.weightDims,
    ...(layer.grid ? { grid: layer.grid } : {}),
    bias: layer.bias,
    group: layer.conv?.group ?? 1,
    convAttributes: Object.fromEntries(
      (layer.conv?.attributes ?? []).map((a) => [a.name ?? '', attributeValue(a)]),
    ),
    transposeInput: layer.gemm?.transA ?? false,
    input: layer.input,
    output,
  };
}

function attributeValue(attribute: AttributeProto): AttributeValue {
  const { AttributeType } = onnx.AttributeProto;
  switch (attribute.type) {
    case AttributeType.INTS:
      return (attribute.ints ?? []).map(Number);
    case AttributeType.INT:
      return Number(attribute.i ?? 0);
    case AttributeType.STRING:
      return new TextDecoder().decode(attribute.s ?? new Uint8Array());
    case AttributeType.FLOAT:
      return { float: attribute.f ?? 0 };
    default:
      throw new Error(
        `conv attribute ${attribute.name} has a type the compiler does not copy (${attribute.type})`,
      );
  }
}

export function outputChannels(layer: MatrixLayer): number {
  return layer.weightDims[0];
}

/** Input channels of one group (conv) or inputs (matmul): the axis that row partitions split. */
export function groupInputChannels(layer: MatrixLayer): number {
  return layer.weightDims[1];
}

/** Rows per input channel: K_h·K_w for a conv, 1 for a matmul. */
export function kernelSize(layer: MatrixLayer): number {
  return layer.weightDims.slice(2).reduce((a, b) => a * b, 1);
}
