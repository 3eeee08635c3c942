// Cuts a layer's conductances into the weight tensors of each row partition's product (docs/analog-model.md §3, §11).
import { groupInputChannels, kernelSize, outputChannels, type MatrixLayer } from './matrix-layer';

/** Per weight: the value one product multiplies by (G⁺ − G⁻ for analog-subtracted pairs, G for offset). */
export function effectiveConductances(planes: Float64Array[]): Float64Array {
  if (planes.length === 1) return planes[0];
  const [positive, negative] = planes;
  const difference = new Float64Array(positive.length);
  for (let i = 0; i < positive.length; i++) difference[i] = positive[i] - negative[i];
  return difference;
}

/** Per weight: the sum over its planes (e.g. σ² of both cells of a pair). */
export function sumOfPlanes(planes: Float64Array[]): Float64Array {
  const sum = new Float64Array(planes[0].length);
  for (const plane of planes) for (let i = 0; i < sum.length; i++) sum[i] += plane[i];
  return sum;
}

/** Dims of a product's weights over `count` input channels and `outputs` columns: Conv W, or MatMul B. */
export function productDims(layer: MatrixLayer, count: number, outputs: number): number[] {
  return layer.kind === 'conv'
    ? [outputs, count, ...layer.weightDims.slice(2)]
    : [count * kernelSize(layer), outputs];
}

/**
 * The product weights of input channels [first, first + count) times `scale`: conv [C_out, count, kH, kW]
 * (all channels of every group when the layer is grouped), matmul [count, C_out] as MatMul's B operand.
 */
export function partitionWeights(
  layer: MatrixLayer,
  planes: Float64Array | readonly [Float64Array, Float64Array],
  first: number,
  count: number,
  scale: number,
): { dims: number[]; data: Float32Array } {
  const out = outputChannels(layer);
  const channels = groupInputChannels(layer);
  const kernel = kernelSize(layer);
  const data = new Float32Array(out * count * kernel);
  // A pair is read as G⁺ − G⁻ element by element: a row partition needs only its own rows of the difference.
  const [values, negative] = planes instanceof Float64Array ? [planes, null] : planes;
  const at = negative ? (i: number) => values[i] - negative[i] : (i: number) => values[i];
  if (layer.kind === 'conv') {
    for (let o = 0; o < out; o++) {
      for (let c = 0; c < count; c++) {
        const from = (o * channels + first + c) * kernel;
        const to = (o * count + c) * kernel;
        for (let k = 0; k < kernel; k++) data[to + k] = at(from + k) * scale;
      }
    }
    return { dims: productDims(layer, count, out), data };
  }
  for (let r = 0; r < count; r++) {
    for (let o = 0; o < out; o++) data[r * out + o] = at(o * channels + first + r) * scale;
  }
  return { dims: productDims(layer, count, out), data };
}

/**
 * Unit-column weights of one row partition: [units, count, kH, kW] (conv) or [count, units] (matmul), where
 * `cells` is [unit][row] with rows in (channel, kernel position) order.
 */
export function unitColumnWeights(
  layer: MatrixLayer,
  cells: Float64Array,
  units: number,
  count: number,
  scale: number,
): { dims: number[]; data: Float32Array } {
  const rows = count * kernelSize(layer);
  const data = new Float32Array(units * rows);
  if (layer.kind === 'conv') {
    for (let i = 0; i < data.length; i++) data[i] = cells[i] * scale;
    return { dims: productDims(layer, count, units), data };
  }
  for (let r = 0; r < rows; r++)
    for (let u = 0; u < units; u++) data[r * units + u] = cells[u * rows + r] * scale;
  return { dims: productDims(layer, count, units), data };
}
