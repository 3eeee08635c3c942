// Bit-serial inputs as graph nodes (docs/analog-model.md §5): the DAC codes' slices stacked on the batch axis, so
// that one product per array covers every input bit, and the digital shift-and-add of their ADC codes.
import type { InputBits } from '../circuit/input-bits';
import type { GraphBuilder } from '../onnx/graph-builder';
import type { Constant } from './compile-types';

/**
 * Per input slice k: sign(code)·(q_k − 2^s·q_(k+1)) with q_k = ⌊|code| / 2^(s·k)⌋, exact in float32 for integer
 * codes (dividing by a power of two is exact), and elementwise kernels that run on every core (Mod does not).
 */
function inputDigits(
  graph: GraphBuilder,
  codes: string,
  bits: InputBits,
  signed: boolean,
  constant: Constant,
) {
  const magnitude = signed ? graph.op('Abs', [codes]) : codes;
  const sign = signed ? graph.op('Sign', [codes]) : null;
  const quotients = bits.weights.map((_, k) =>
    k === 0
      ? magnitude
      : graph.op('Floor', [
          graph.op('Mul', [
            magnitude,
            constant(graph.uniqueName('digit_place'), [], [2 ** (-bits.sliceBits * k)]),
          ]),
        ]),
  );
  const radix = constant(graph.uniqueName('digit_radix'), [], [2 ** bits.sliceBits]);
  return quotients.map((quotient, k) => {
    const digit =
      k + 1 < quotients.length
        ? graph.op('Sub', [quotient, graph.op('Mul', [quotients[k + 1], radix])])
        : quotient;
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

/**
 * Σ_k weight_k · (ADC codes of input slice k): the digital shift-and-add of an ADC per input bit, as one [1, K] ×
 * [K, rest] MatMul over the slices stacked on axis 0 (one pass, where K weighted copies and a Sum took K + 1).
 */
export function combineInputSlices(
  graph: GraphBuilder,
  codes: string,
  bits: InputBits,
  constant: Constant,
): string {
  const perSlice = graph.op('Div', [
    graph.shapeDims(codes, 0, 1),
    graph.int64Constant(graph.uniqueName('slices'), [bits.count]),
  ]);
  const rows = graph.op('Reshape', [
    codes,
    graph.int64Constant(graph.uniqueName('by_slice'), [bits.count, -1]),
  ]);
  const weights = constant(graph.uniqueName('input_slice_weights'), [1, bits.count], bits.weights);
  const combined = graph.op('MatMul', [weights, rows]);
  const outputShape = graph.op('Concat', [perSlice, graph.shapeDims(codes, 1)], { axis: 0 });
  return graph.op('Reshape', [combined, outputShape]);
}
