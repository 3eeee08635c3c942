// The converters as graph nodes (docs/analog-model.md §5, §6): DAC codes in, ADC codes out, rounding half to even.
import type { GraphBuilder } from '../onnx/graph-builder';
import type { LayerPlan } from './layer-plan';
import type { Constant } from './compile-types';
import type { SliceReadout } from './layer-readout';
import type { MatrixLayer } from './matrix-layer';

// 1.5·2^23: adding it moves any |x| < 2^22 into [2^23, 2^24), where float32's spacing is 1, so the addition
// itself rounds half to even; subtracting it back is exact.
const ROUNDING_MAGIC = 12582912;

/**
 * The DACs already emitted into one graph: layers that read one tensor through identical DACs (a residual block's
 * first conv and its shortcut, calibrated on the same activations) share the codes instead of converting twice.
 */
export class DacOutputs {
  private readonly byInput = new Map<string, string>();

  emit(graph: GraphBuilder, plan: LayerPlan, constant: Constant): string {
    const { dac, layer } = plan;
    const key = JSON.stringify([layer.input, layer.transposeInput, dac.levels, dac.limit, dac.signed]);
    const known = this.byInput.get(key);
    if (known !== undefined) return known;
    const codes = emitDac(graph, plan, constant);
    this.byInput.set(key, codes);
    return codes;
  }
}

/** DAC codes: round(clip(x · levels / limit)) in [−levels, levels] (signed) or [0, levels]; ideal passes x. */
function emitDac(graph: GraphBuilder, plan: LayerPlan, constant: Constant): string {
  const { dac, layer } = plan;
  const input = layer.transposeInput ? graph.op('Transpose', [layer.input], { perm: [1, 0] }) : layer.input;
  if (dac.levels === 0) return input;
  const gain = dac.levels / dac.limit;
  const low = dac.signed ? -dac.levels : 0;
  const channels = layer.weightDims[1] * layer.group;
  if (isBlocked(layer, channels)) {
    // Scale, round and clip in one pass (the clip bounds are integers, so clipping after rounding is the same),
    // then take the magic number off: two passes.
    const shifted = emitChannelAffine(graph, layer, input, {
      channels,
      scale: new Float32Array(channels).fill(gain),
      bias: new Float32Array(channels).fill(ROUNDING_MAGIC),
      clip: [ROUNDING_MAGIC + low, ROUNDING_MAGIC + dac.levels],
      constant,
    });
    return removeMagic(graph, layer, shifted, channels, constant);
  }
  const scaled = graph.op('Mul', [input, constant('dac_gain', [], [gain])]);
  const clipped = graph.op('Clip', [
    scaled,
    constant('dac_min', [], [low]),
    constant('dac_max', [], [dac.levels]),
  ]);
  return roundToInteger(graph, layer, clipped, channels, constant);
}

/**
 * Clip to the ADC's codes (`codeLimits`; null: an ideal ADC) and round.
 * `channels`: of the codes tensor (a conv's outputs or unit columns).
 */
export function quantizeAdc(
  graph: GraphBuilder,
  layer: MatrixLayer,
  codeLimits: SliceReadout['codeLimits'],
  codes: string,
  channels: number,
  constant: Constant,
): string {
  if (!codeLimits) return codes;
  const low = constant(graph.uniqueName('adc_min'), [], [codeLimits[0]]);
  const high = constant(graph.uniqueName('adc_max'), [], [codeLimits[1]]);
  // The clip comes first so that onnxruntime fuses it into the product's Conv.
  return roundToInteger(graph, layer, graph.op('Clip', [codes, low, high]), channels, constant);
}

/**
 * Whether a conv layer's tensor of `channels` is one onnxruntime keeps in its blocked (NCHWc) layout, where the
 * converters must be depthwise 1×1 Convs: an Add of a constant, or Round, would reorder to NCHW and back. The
 * blocks are 8 or 16 channels wide; a narrower tensor (an RGB image, a few unit columns) would be padded to one.
 */
function isBlocked(layer: MatrixLayer, channels: number): boolean {
  return layer.kind === 'conv' && channels % 8 === 0;
}

/** Round half to even by two float32 additions (depthwise Convs on a blocked tensor). */
function roundToInteger(
  graph: GraphBuilder,
  layer: MatrixLayer,
  x: string,
  channels: number,
  constant: Constant,
): string {
  if (isBlocked(layer, channels)) {
    const shifted = emitChannelAffine(graph, layer, x, {
      channels,
      scale: new Float32Array(channels).fill(1),
      bias: new Float32Array(channels).fill(ROUNDING_MAGIC),
      constant,
    });
    return removeMagic(graph, layer, shifted, channels, constant);
  }
  const magic = constant(graph.uniqueName('round_magic'), [], [ROUNDING_MAGIC]);
  return graph.op('Sub', [graph.op('Add', [x, magic]), magic]);
}

function removeMagic(
  graph: GraphBuilder,
  layer: MatrixLayer,
  shifted: string,
  channels: number,
  constant: Constant,
): string {
  return emitChannelAffine(graph, layer, shifted, {
    channels,
    scale: new Float32Array(channels).fill(1),
    bias: new Float32Array(channels).fill(-ROUNDING_MAGIC),
    constant,
  });
}

export interface ChannelAffine {
  channels: number;
  /** Per channel; a string names a tensor already made, of `channelScaleDims` (e.g. one re-filled per trial). */
  scale: Float32Array | string;
  /** Per channel, dims [channels]; a string as for `scale`. */
  bias: Float32Array | string;
  /** Bounds applied after the affine, in the same pass. */
  clip?: [low: number, high: number];
  constant: Constant;
  /** Name of the output tensor (e.g. the layer output the rest of the model reads). */
  output?: string;
}

/**
 * x·scale + bias (then clipped) per channel of a conv layer's N×C×spatial tensor, in one pass: a depthwise 1×1
 * Conv, which onnxruntime runs in its blocked layout and fuses with a following Clip or Relu. Its single product
 * per output makes the bias exact to add first (a k-term Conv would round every partial sum near a large bias).
 */
export function emitChannelAffine(
  graph: GraphBuilder,
  layer: MatrixLayer,
  x: string,
  affine: ChannelAffine,
): string {
  const { channels, scale, bias, clip, constant, output } = affine;
  const tensor = (values: Float32Array | string, prefix: string, dims: number[]) =>
    typeof values === 'string' ? values : constant(graph.uniqueName(prefix), dims, values);
  const inputs = [
    x,
    tensor(scale, 'affine_scale', channelScaleDims(layer, channels)),
    tensor(bias, 'affine_bias', [channels]),
  ];
  if (!clip) return graph.op('Conv', inputs, { group: channels }, output);
  const affined = graph.op('Conv', inputs, { group: channels });
  const bounds = clip.map((value) => constant(graph.uniqueName('clip_bound'), [], [value]));
  return graph.op('Clip', [affined, ...bounds], {}, output);
}

/** Dims of a channel affine's scale: the depthwise weight [C, 1, 1, …] of a conv layer's spatial rank. */
export function channelScaleDims(layer: MatrixLayer, channels: number): number[] {
  return [channels, 1, ...layer.weightDims.slice(2).map(() => 1)];
}
