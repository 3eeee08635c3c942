// A 1×1 convolution on 1×1 images is a matrix product: the conv emission (per-channel affines, grouped products)
// must give what the matmul path gives, which the per-element reference checks (compiled-vs-reference).
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { hardwareSchema } from '../../../src-shared/config/hardware';
import { compileModel, mapModel } from '../../../src-main/sim/compile/compile-model';
import { programLayer } from '../../../src-main/sim/compile/program-layer';
import { SeededRandom } from '../../../src-main/sim/devices/seeded-random';
import { simulateMvm } from '../../../src-main/sim/evaluate/mvm';
import { GraphBuilder } from '../../../src-main/sim/onnx/graph-builder';

const VECTORS = 5;

function layerOf(outputs: number, inputCount: number) {
  const weights = Array.from({ length: outputs }, (_, o) =>
    Array.from({ length: inputCount }, (_, i) => Math.sin(o * 31 + i * 1.7)),
  );
  const inputs = Array.from({ length: VECTORS }, (_, n) =>
    Array.from({ length: inputCount }, (_, i) => Math.cos(n * 7 + i) * 1.1),
  );
  const graph = new GraphBuilder('pointwise');
  const x = graph.input('x', ['N', inputCount, 1, 1]);
  const w = graph.constant('w', [outputs, inputCount, 1, 1], weights.flat());
  graph.output(graph.namedOp('pointwise', 'Conv', [x, w]), ['N', outputs, 1, 1]);
  return { weights, inputs, model: graph.encode() };
}

const DESIGNS = [
  [
    'weight slices and input bits, an ADC per input bit',
    {
      weights: { bits: 6 },
      mapping: { slices: 2 },
      dac: { bitSerial: true, sliceBits: 2 },
      adc: { bits: 7, range: 'explicit', limits: [-2.5, 2.5], perInputBit: true },
    },
  ],
  [
    'pair digitized separately, asymmetric ADC',
    { mapping: { subtractInAnalog: false }, adc: { bits: 7, range: 'explicit', limits: [-3, 6] } },
  ],
  [
    'signed 6-bit DAC, symmetric 7-bit ADC, differential',
    { adc: { bits: 7, range: 'explicit', limits: [-2.5, 2.5] } },
  ],
  [
    'offset with unit columns, asymmetric ADC',
    {
      mapping: { scheme: 'offset', offset: 'unit-column' },
      adc: { bits: 8, range: 'explicit', limits: [1, 9] },
    },
  ],
  [
    'offset, digital, max ADC, programming error',
    {
      mapping: { scheme: 'offset' },
      adc: { bits: 8, range: 'max' },
      device: { programmingError: { model: 'state-proportional', alpha: 0.05 } },
    },
  ],
  [
    'drift with compensation',
    {
      device: { drift: { timeS: 1e5, nuMean: 0.03, nuStd: 0.01, compensate: true } },
      adc: { bits: 6, range: 'max' },
    },
  ],
] as const;

// 7 × 30 keeps the converters elementwise; 16 × 32 puts them in onnxruntime's blocked layout (depthwise Convs).
describe.each([
  [7, 30],
  [16, 32],
])('conv emission = matmul emission, %i outputs × %i inputs', (outputs, inputCount) => {
  const { weights, inputs, model } = layerOf(outputs, inputCount);
  it.each(DESIGNS)('%s', async (_name, overrides) => {
    const config = hardwareSchema.parse({
      ...overrides,
      array: { rowsMax: 12, colsMax: 4 },
      dac: { bits: 6, range: 'explicit', limits: [-1, 1], ...('dac' in overrides ? overrides.dac : {}) },
    });
    const expected = (await simulateMvm(config, weights, inputs, { trials: 1, seed: 4 })).outputs[0];
    const mapped = mapModel(model, 'pointwise.onnx', config);
    const compiled = compileModel(mapped, config, [null]);
    // The same programmed cells as simulateMvm's trial 0 (stream: seed, trial, layer 0).
    const programmed = [programLayer(mapped.layers[0].mapped, config, new SeededRandom(4, 0, 0))];
    const session = await ort.InferenceSession.create(compiled.encodeTrial(programmed));
    const x = new ort.Tensor('float32', Float32Array.from(inputs.flat()), [VECTORS, inputCount, 1, 1]);
    const y = (await session.run({ x }))[session.outputNames[0]].data as Float32Array;
    const scale = Math.max(...expected.flat().map(Math.abs));
    expected.flat().forEach((value, i) => expect(Math.abs(y[i] - value)).toBeLessThan(2e-5 * scale));
  });
});
