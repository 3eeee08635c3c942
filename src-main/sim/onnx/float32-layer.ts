// A layer of a float16 (or float64) model, computed in float32: the arrays and converters are modelled in float32,
// between Casts from and back to the model's own element type.
import type { AnalogLayer } from './analog-layer';
import { castNode } from './graph-builder';
import { onnx, type NodeProto } from './proto';

export interface Float32Boundary {
  /** The layer as the analysis found it, whose output the Casts produce. */
  source: AnalogLayer;
  /** Cast the layer's input (and a Gemm's non-bias C) to float32. */
  before: NodeProto[];
  /** Cast the float32 result back to the model's element type. */
  after: NodeProto[];
}

/** The layer reading and writing float32 tensors, and the Casts that connect it; a float32 layer as it is. */
export function float32View(source: AnalogLayer): { layer: AnalogLayer; boundary: Float32Boundary | null } {
  const modelType = source.activationType;
  if (modelType === undefined) return { layer: source, boundary: null };
  const layer: AnalogLayer = {
    ...source,
    activationType: undefined,
    input: `${source.name}/input_float32`,
    output: `${source.name}/output_float32`,
    ...(source.extraAdd && { extraAdd: { ...source.extraAdd, input: `${source.name}/addend_float32` } }),
  };
  const { FLOAT } = onnx.TensorProto.DataType;
  const before = [castNode(`${source.name}/cast_input`, source.input, layer.input, FLOAT)];
  if (source.extraAdd && layer.extraAdd) {
    before.push(castNode(`${source.name}/cast_addend`, source.extraAdd.input, layer.extraAdd.input, FLOAT));
  }
  const after = [castNode(`${source.name}/cast_output`, layer.output, source.output, modelType)];
  return { layer, boundary: { source, before, after } };
}
