// The read-noise generator (Box–Muller from uniform draws in the graph) is standard normal, fresh on every run,
// and fills any shape, odd element counts included. Fixed seed; bounds at about 4 standard errors or α = 0.001.
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { CompiledModel } from '../../../src-main/sim/compile/compiled-model';
import { standardNormalLike } from '../../../src-main/sim/compile/emit-read-noise';
import { GraphBuilder } from '../../../src-main/sim/onnx/graph-builder';
import { onnx } from '../../../src-main/sim/onnx/proto';

const ROWS = 999;
const COLS = 101; // 100 899 values: odd, so one Box–Muller pair is cut in half

function normalCdf(z: number): number {
  // Abramowitz–Stegun 7.1.26 through erf, |error| < 1.5e-7: far below the KS bound used here.
  const t = 1 / (1 + 0.3275911 * (Math.abs(z) / Math.SQRT2));
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(z * z) / 2);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

async function sampleTwice(): Promise<[Float32Array, Float32Array]> {
  const graph = new GraphBuilder('normals');
  const x = graph.input('x', [ROWS, COLS]);
  const normals = standardNormalLike(graph, x, (name, dims, values) => graph.constant(name, dims, values));
  graph.op('Identity', [normals], {}, 'z');
  graph.output('z', [ROWS, COLS]);
  const compiled = new CompiledModel(onnx.ModelProto.decode(graph.encode()), []);
  const session = await ort.InferenceSession.create(compiled.encodeTrial([], 42));
  const feeds = { x: new ort.Tensor('float32', new Float32Array(ROWS * COLS), [ROWS, COLS]) };
  const first = (await session.run(feeds)).z;
  const second = (await session.run(feeds)).z;
  await session.release();
  expect(first.dims).toEqual([ROWS, COLS]);
  return [first.data as Float32Array, second.data as Float32Array];
}

describe('standardNormalLike', () => {
  it('draws N(0, 1): mean, variance, kurtosis and the Kolmogorov–Smirnov distance', async () => {
    const [z] = await sampleTwice();
    const n = z.length;
    const mean = z.reduce((a, b) => a + b, 0) / n;
    const variance = z.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
    const kurtosis = z.reduce((a, b) => a + (b - mean) ** 4, 0) / n / variance ** 2;
    expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(variance - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
    expect(Math.abs(kurtosis - 3)).toBeLessThan(4 * Math.sqrt(24 / n));
    const sorted = Float64Array.from(z).sort();
    let distance = 0;
    sorted.forEach((value, i) => {
      const cdf = normalCdf(value);
      distance = Math.max(distance, Math.abs(cdf - i / n), Math.abs(cdf - (i + 1) / n));
    });
    expect(distance).toBeLessThan(1.95 / Math.sqrt(n)); // α = 0.001
  });

  it('draws fresh values on every run, uncorrelated with the last', async () => {
    const [a, b] = await sampleTwice();
    const n = a.length;
    const correlation = a.reduce((sum, value, i) => sum + value * b[i], 0) / n;
    expect(Math.abs(correlation)).toBeLessThan(4 / Math.sqrt(n));
    // Neighbours within one run (the two halves of a Box–Muller pair sit n/2 apart) are uncorrelated too.
    const half = Math.floor(n / 2);
    const paired = Array.from({ length: half }, (_, i) => a[i] * a[i + Math.ceil(n / 2)]);
    expect(Math.abs(paired.reduce((s, v) => s + v, 0) / half)).toBeLessThan(4 / Math.sqrt(half));
  });
});
