// The converters as graph nodes (analog-model.md §5, §6): DAC codes in, ADC codes out, rounding half to even.
import type { GraphBuilder } from '../onnx/graph-builder';
import type { LayerPlan } from './layer-plan';

export type Constant = (name: string, dims: number[], values: number[] | Float32Array) => string;

// 1.5·2^23: adding it moves any |x| < 2^22 into [2^23, 2^24), where float32's spacing is 1, so the addition
// itself rounds half to even; subtracting it back is exact.
const ROUNDING_MAGIC = 12582912;

/** DAC codes: round(clip(x · levels / limit)) in [−levels, levels] (signed) or [0, levels]; ideal passes x. */
export function emitDac(graph: GraphBuilder, plan: LayerPlan, constant: Constant): string {
  const { dac, layer } = plan;
  const input = layer.transposeInput ? graph.op('Transpose', [layer.input], { perm: [1, 0] }) : layer.input;
  if (dac.levels === 0) return input;
  const gain = dac.levels / dac.limit;
  if (layer.kind === 'conv') {
    // Clip in input units, then one per-channel affine x·gain + magic, then − magic: three passes, not four.
    const low = constant('dac_min', [], [dac.signed ? -dac.limit : 0]);
    const clipped = graph.op('Clip', [input, low, constant('dac_max', [], [dac.limit])]);
    const channels = layer.weightDims[1] * layer.group;
    const shifted = emitChannelAffine(
      graph,
      clipped,
      new Float32Array(channels).fill(gain),
      new Float32Array(channels).fill(ROUNDING_MAGIC),
      constant,
    );
    return graph.op('Sub', [shifted, constant(graph.uniqueName('round_magic'), [], [ROUNDING_MAGIC])]);
  }
  const scaled = graph.op('Mul', [input, constant('dac_gain', [], [gain])]);
  const low = constant('dac_min', [], [dac.signed ? -dac.levels : 0]);
  const clipped = graph.op('Clip', [scaled, low, constant('dac_max', [], [dac.levels])]);
  return roundToInteger(graph, clipped);
}

/** Clip to the ADC's codes and round: [−(L−1)/2, (L−1)/2] symmetric, [0, L−1] after the shift otherwise. */
export function quantizeAdc(graph: GraphBuilder, plan: LayerPlan, codes: string): string {
  const { adc, layer } = plan;
  if (adc.ideal) return codes;
  const symmetric = adc.min === -adc.max;
  const half = (adc.levels - 1) / 2;
  const low = graph.constant(graph.uniqueName(`${layer.name}/adc_min`), [], [symmetric ? -half : 0]);
  const high = graph.constant(
    graph.uniqueName(`${layer.name}/adc_max`),
    [],
    [symmetric ? half : adc.levels - 1],
  );
  return roundToInteger(graph, graph.op('Clip', [codes, low, high]));
}

/** Round half to even by two float32 additions, which onnxruntime keeps in its blocked conv layout (Round is not). */
export function roundToInteger(graph: GraphBuilder, x: string): string {
  const magic = graph.constant(graph.uniqueName('round_magic'), [], [ROUNDING_MAGIC]);
  return graph.op('Sub', [graph.op('Add', [x, magic]), magic]);
}

// var + ε is exactly 1 in float32, so BatchNormalization computes x·scale + bias per channel.
const UNIT_EPSILON = 2 ** -17;

/** x·scale + bias per channel of an NCHW tensor in one pass (a BatchNormalization with unit variance). */
export function emitChannelAffine(
  graph: GraphBuilder,
  x: string,
  scale: Float32Array,
  bias: Float32Array,
  constant: Constant,
  output?: string,
): string {
  const channels = scale.length;
  const inputs = [
    x,
    constant(graph.uniqueName('affine_scale'), [channels], scale),
    constant(graph.uniqueName('affine_bias'), [channels], bias),
    constant(graph.uniqueName('zero_mean'), [channels], new Float32Array(channels)),
    constant(graph.uniqueName('unit_var'), [channels], new Float32Array(channels).fill(1 - UNIT_EPSILON)),
  ];
  return graph.op('BatchNormalization', inputs, { epsilon: { float: UNIT_EPSILON } }, output);
}
