// Bit-serial inputs as graph nodes (analog-model.md §5): the DAC codes' slices stacked on the batch axis, so
// that one product per array covers every input bit, and the digital shift-and-add of their ADC codes.
import type { InputBits } from '../circuit/input-bits';
import type { GraphBuilder } from '../onnx/graph-builder';
import { emitChannelAffine, type Constant } from './emit-quantizers';
import type { MatrixLayer } from './matrix-layer';

/** Per input slice k: sign(code)·(⌊|code| / 2^(s·k)⌋ mod 2^s), exact in float32 for integer codes. */
function inputDigits(
  graph: GraphBuilder,
  codes: string,
  bits: InputBits,
  signed: boolean,
  constant: Constant,
) {
  const magnitude = signed ? graph.op('Abs', [codes]) : codes;
  const sign = signed ? graph.op('Sign', [codes]) : null;
  const radix = constant(graph.uniqueName('digit_radix'), [], [2 ** bits.sliceBits]);
  return bits.weights.map((_, k) => {
    const place = constant(graph.uniqueName('digit_place'), [], [2 ** (bits.sliceBits * k)]);
    const shifted = graph.op('Floor', [graph.op('Div', [magnitude, place])]);
    const digit = graph.op('Mod', [shifted, radix], { fmod: 1 });
    return sign ? graph.op('Mul', [digit, sign]) : digit;
  });
}

/** The input slices stacked on axis 0: [K·N, …], slice k in rows k·N … k·N + N − 1. */
export function emitInputSlices(
  graph: GraphBuilder,
  codes: string,
  bits: InputBits,
  signed: boolean,
  constant: Constant,
): string {
  return graph.op('Concat', inputDigits(graph, codes, bits, signed, constant), { axis: 0 });
}

/**
 * Read noise of slices accumulated in analog: each slice's read draws its own noise, so the variance sums
 * weight_k²·x_k² over slices. Returned as the squared DAC codes that give it (x² → Σ_k (weight_k·digit_k·L/(2^s − 1))²,
 * L the DAC's code divisor).
 */
export function emitAccumulatedSquares(
  graph: GraphBuilder,
  codes: string,
  bits: InputBits,
  signed: boolean,
  dacDivisor: number,
  constant: Constant,
): string {
  const squares = inputDigits(graph, codes, bits, signed, constant).map((digit, k) => {
    const factor = (bits.weights[k] * dacDivisor) / bits.digitMax;
    const squared = graph.op('Mul', [digit, digit]);
    return graph.op('Mul', [squared, constant(graph.uniqueName('slice_square'), [], [factor ** 2])]);
  });
  return squares.length > 1 ? graph.op('Sum', squares) : squares[0];
}

/** Σ_k weight_k · (ADC codes of input slice k): the digital shift-and-add of an ADC per input bit. */
export function combineInputSlices(
  graph: GraphBuilder,
  layer: MatrixLayer,
  codes: string,
  bits: InputBits,
  channels: number,
  constant: Constant,
): string {
  // Split sizes at run time (the batch is dynamic): N = rows / K for every slice.
  const rows = graph.op('Slice', [
    graph.op('Shape', [codes]),
    graph.int64Constant(graph.uniqueName('from'), [0]),
    graph.int64Constant(graph.uniqueName('to'), [1]),
  ]);
  const perSlice = graph.op('Div', [rows, graph.int64Constant(graph.uniqueName('slices'), [bits.count])]);
  const sizes = graph.op('Concat', Array<string>(bits.count).fill(perSlice), { axis: 0 });
  const parts = graph.node('Split', [codes, sizes], { axis: 0 }, bits.count);
  const weighted = parts.map((part, k) => {
    if (layer.kind === 'conv') {
      // A depthwise Conv rather than a Mul, which onnxruntime could fold into a rounding Conv before it.
      return emitChannelAffine(graph, layer, part, {
        channels,
        scale: new Float32Array(channels).fill(bits.weights[k]),
        bias: new Float32Array(channels),
        constant,
      });
    }
    return graph.op('Mul', [part, constant(graph.uniqueName('input_slice_weight'), [], [bits.weights[k]])]);
  });
  return weighted.length > 1 ? graph.op('Sum', weighted) : weighted[0];
}
