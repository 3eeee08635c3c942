// The analysis's description of one analog layer (§1), and of the candidate layers that stay digital.
import type { AttributeProto } from './proto';
import type { IntegerGrid } from './tensor-values';

export type AnalogKind = 'conv' | 'gemm' | 'matmul';

export interface AnalogLayer {
  /** The node's name; unnamed nodes are known as `${opType}_${index}` (see `nodeNames`). */
  name: string;
  kind: AnalogKind;
  /** graph.node indices this layer replaces: the Conv/Gemm/MatMul, then a folded BatchNormalization. */
  nodeIndices: number[];
  /** The activation fed to the layer. */
  input: string;
  /** The tensor the layer must produce: the folded BatchNormalization's output, else the node's own. */
  output: string;
  /**
   * The ONNX element type of the layer's activations when it is not float32 (a float16 model's): the layer is
   * computed in float32 between Casts of its input and output (see `float32View`).
   */
  activationType?: number;
  /**
   * After BN folding and Gemm alpha/transB: for conv the ONNX layout [C_out, C_in/group, ...kernel]; for gemm and
   * matmul [outputs][inputs] (y = W·x, as §13). Either way one output channel's weights are contiguous.
   * Read-only: layers on a tensor the model shares (through Identity) share the array.
   */
  weights: Float32Array;
  weightDims: number[];
  /** A quantized model's weight: the integer grid it lies on (see `IntegerGrid`); absent for a float weight. */
  grid?: IntegerGrid;
  /** Per output channel: conv bias, Gemm beta·C, BN shift, folded together; null when there is none. */
  bias: Float32Array | null;
  /** The original attributes other than group (kernel_shape, strides, pads, dilations, auto_pad), to copy. */
  conv?: { group: number; attributes: AttributeProto[] };
  /** Gemm's transA: the activation is [inputs, batch] and must be transposed first. */
  gemm?: { transA: boolean };
  /**
   * A Gemm C that is not one value per output ([M, N], [M, 1], or not constant) stays a digital Add after the
   * layer: output = layer result + scale · tensor `input` (scale is Gemm's beta), see `extraAddNodes`.
   */
  extraAdd?: { input: string; scale: number };
  inputChannels: number;
  outputChannels: number;
  /** kH·kW (the product of all kernel dims); 1 for gemm and matmul. */
  kernelSize: number;
  /** Rows of one group's matrix: C_in/group · kernelSize, or K for gemm and matmul. */
  matrixRows: number;
}

/** A Conv/Gemm/MatMul that stays digital, and why (a user choice, or a MatMul without a constant weight). */
export interface DigitalLayer {
  name: string;
  opType: string;
  reason: string;
}

export interface AnalysisResult {
  /** In graph (topological) order. */
  layers: AnalogLayer[];
  digitalKept: DigitalLayer[];
}
