// QuantizeLinear and DequantizeLinear of constants, folded as onnxruntime computes them: a QDQ model's weight is
// the dequantized integer grid it was trained for, which the analysis then maps like any constant weight.
import { roundHalfEven } from '../rounding';
import { intAttribute } from './node-attributes';
import { onnx, type NodeProto } from './proto';
import type { ConstantTensor, IntegerGrid } from './tensor-values';

const { DataType } = onnx.TensorProto;

/** Saturation bounds by the zero point's element type; no zero point means uint8 (ONNX QuantizeLinear). */
const INTEGER_RANGES: Partial<Record<number, [number, number]>> = {
  [DataType.UINT8]: [0, 255],
  [DataType.INT8]: [-128, 127],
  [DataType.UINT16]: [0, 65535],
  [DataType.INT16]: [-32768, 32767],
};

/** The node's output when it is a Q or DQ node whose inputs are all constants; else undefined. */
export function foldQuantization(
  node: NodeProto,
  constants: Map<string, ConstantTensor>,
): ConstantTensor | undefined {
  if (node.opType !== 'QuantizeLinear' && node.opType !== 'DequantizeLinear') return undefined;
  const [x, scale, zeroPoint] = (node.input ?? []).map((name) => (name ? constants.get(name) : undefined));
  const hasZeroPoint = Boolean(node.input?.[2]);
  if (!x || scale?.kind !== 'float' || (hasZeroPoint && zeroPoint?.kind !== 'int')) return undefined;
  const zero = zeroPoint?.kind === 'int' ? zeroPoint : undefined;
  const axis = intAttribute(node, 'axis', 1);
  if (node.opType === 'DequantizeLinear') {
    if (x.kind !== 'int') return undefined;
    const values = dequantizeValues(x, scale, zero, axis);
    return values && { kind: 'float', dims: x.dims, values, grid: integerGrid(x, scale, zero, axis) };
  }
  const channelOf = perAxisIndex(x.dims, scale.values.length, axis);
  if (!channelOf || x.kind !== 'float') return undefined;
  const zeroAt = (i: number) => (zero ? zero.values[zero.values.length === 1 ? 0 : channelOf(i)] : 0);
  const scaleAt = (i: number) => scale.values[scale.values.length === 1 ? 0 : channelOf(i)];
  const dataType = zero?.dataType ?? DataType.UINT8;
  const range = INTEGER_RANGES[dataType];
  if (!range) return undefined;
  const values = Array.from(x.values, (value, i) => {
    // onnxruntime rounds x/scale with the current rounding mode, half to even.
    const q = roundHalfEven(Math.fround(value / scaleAt(i))) + zeroAt(i);
    return Math.min(range[1], Math.max(range[0], q));
  });
  return { kind: 'int', dims: x.dims, values, dataType };
}

/**
 * (q − zero)·scale, with a scale and a zero point each of one value or one per index along `axis`; undefined when
 * they fit neither.
 */
export function dequantizeValues(
  q: Extract<ConstantTensor, { kind: 'int' }>,
  scale: Extract<ConstantTensor, { kind: 'float' }>,
  zero: Extract<ConstantTensor, { kind: 'int' }> | undefined,
  axis: number,
): Float32Array | undefined {
  const channels = Math.max(scale.values.length, zero?.values.length ?? 1);
  const channelOf = perAxisIndex(q.dims, channels, axis);
  if (!channelOf) return undefined;
  const at = (values: ArrayLike<number>, i: number) => values[values.length === 1 ? 0 : channelOf(i)];
  return Float32Array.from(
    q.values,
    (value, i) => (value - (zero ? at(zero.values, i) : 0)) * at(scale.values, i),
  );
}

/**
 * For a per-axis scale (`count` values along `axis`), the channel of each flat index; for a per-tensor one any
 * index maps to 0. Undefined when the scale fits neither.
 */
function perAxisIndex(dims: number[], count: number, axis: number): ((i: number) => number) | undefined {
  if (count === 1) return () => 0;
  const resolved = axis < 0 ? axis + dims.length : axis;
  if (dims[resolved] !== count) return undefined;
  const inner = dims.slice(resolved + 1).reduce((a, b) => a * b, 1);
  return (i) => Math.floor(i / inner) % count;
}

/**
 * The grid of q − zero: per channel, its bits from the largest |integer| over their greatest common divisor
 * (a coarser grid stored in int8 is every m-th int8 value); its step when one scale and one zero point serve all.
 */
function integerGrid(
  q: Extract<ConstantTensor, { kind: 'int' }>,
  scale: Extract<ConstantTensor, { kind: 'float' }>,
  zero: Extract<ConstantTensor, { kind: 'int' }> | undefined,
  axis: number,
): IntegerGrid {
  const channels = Math.max(scale.values.length, zero?.values.length ?? 1);
  const channelOf = perAxisIndex(q.dims, channels, axis)!;
  const zeroOf = (c: number) => (zero ? zero.values[zero.values.length === 1 ? 0 : c] : 0);
  const divisor = new Array<number>(channels).fill(0);
  const lowest = new Array<number>(channels).fill(0);
  const highest = new Array<number>(channels).fill(0);
  q.values.forEach((value, i) => {
    const c = channelOf(i);
    const k = value - zeroOf(c);
    divisor[c] = greatestCommonDivisor(divisor[c], Math.abs(k));
    lowest[c] = Math.min(lowest[c], k);
    highest[c] = Math.max(highest[c], k);
  });
  // The symmetric grid's bits: |k| ≤ 2^(b−1) − 1, so an int8 grid that uses −128 needs 9.
  let bits = 2;
  const fits = (c: number) =>
    divisor[c] === 0 || Math.max(-lowest[c], highest[c]) / divisor[c] <= 2 ** (bits - 1) - 1;
  while (!divisor.every((_, c) => fits(c))) bits++;
  return { bits, step: channels === 1 && divisor[0] > 0 ? divisor[0] * scale.values[0] : null };
}

function greatestCommonDivisor(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}
