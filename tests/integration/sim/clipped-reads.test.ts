// Clipped reads (§4 `readNoise.clip: true`) take the per-cell path; a convolution reaches it through patches
// (im2col). Its noise statistics must be those of the matrix path on the same cells: a 1×1 convolution on 1×1
// images is that matrix product.
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { hardwareSchema } from '../../../src-shared/config/hardware';
import { compileModel, mapModel } from '../../../src-main/sim/compile/compile-model';
import { programLayer } from '../../../src-main/sim/compile/program-layer';
import { SeededRandom } from '../../../src-main/sim/devices/seeded-random';
import { simulateMvm } from '../../../src-main/sim/evaluate/mvm';
import { GraphBuilder } from '../../../src-main/sim/onnx/graph-builder';

const OUTPUTS = 5;
const INPUTS = 16;
const TRIALS = 150;
const weights = Array.from({ length: OUTPUTS }, (_, o) =>
  Array.from({ length: INPUTS }, (_, i) => 0.1 + Math.abs(Math.sin(o * 7 + i * 0.9))),
);
const inputs = Array.from({ length: 3 }, (_, n) =>
  Array.from({ length: INPUTS }, (_, i) => 0.5 + 0.5 * Math.cos(n + i)),
);
const ideal = inputs.map((x) => weights.map((row) => row.reduce((sum, w, i) => sum + w * x[i], 0)));

function std(values: number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
}

function pointwiseConv(): Uint8Array {
  const graph = new GraphBuilder('pointwise');
  const x = graph.input('x', ['N', INPUTS, 1, 1]);
  const w = graph.constant('w', [OUTPUTS, INPUTS, 1, 1], weights.flat());
  graph.output(graph.namedOp('pointwise', 'Conv', [x, w]), ['N', OUTPUTS, 1, 1]);
  return graph.encode();
}

describe('clipped reads', () => {
  // Gmin = 0, positive weights: every G⁻ cell sits at 0 and its noisy reads clip there, which biases every output
  // downwards; an unclipped (output-referred) path would show no bias.
  const config = hardwareSchema.parse({
    weights: { bits: 0 },
    device: { onOff: 0, readNoise: { model: 'state-independent', alpha: 0.1, clip: true } },
    dac: { bits: 0, range: 'explicit', limits: [0, 1] },
    adc: { bits: 0 },
  });

  it(`through a convolution, match the matrix path (error mean and std within 12 %, ${TRIALS} trials)`, async () => {
    const mapped = mapModel(pointwiseConv(), 'pointwise.onnx', config);
    const compiled = compileModel(mapped, config, [null]);
    const programmed = [programLayer(mapped.layers[0].mapped, config, new SeededRandom(1, 0, 0))];
    const x = new ort.Tensor('float32', Float32Array.from(inputs.flat()), [inputs.length, INPUTS, 1, 1]);
    const convErrors: number[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      const session = await ort.InferenceSession.create(compiled.encodeTrial(programmed, trial + 1));
      const y = (await session.run({ x }))[session.outputNames[0]].data as Float32Array;
      await session.release();
      ideal.flat().forEach((value, i) => convErrors.push(y[i] - value));
    }
    const matrix = await simulateMvm(config, weights, inputs, { trials: TRIALS, seed: 9 });
    const matrixErrors = matrix.outputs.flatMap((t) => t.flat().map((y, i) => y - ideal.flat()[i]));
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    expect(-mean(matrixErrors)).toBeGreaterThan(10 * (std(matrixErrors) / Math.sqrt(matrixErrors.length)));
    expect(Math.abs(mean(convErrors) / mean(matrixErrors) - 1)).toBeLessThan(0.12);
    expect(Math.abs(std(convErrors) / std(matrixErrors) - 1)).toBeLessThan(0.12);
  });
});
