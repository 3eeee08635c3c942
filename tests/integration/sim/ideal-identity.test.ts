// Exact identity: with every non-ideality off and 0-bit DAC/ADC the analog model is the digital model (§1, §11).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { hardwareSchema } from '../../../src-shared/config/hardware';
import { resourcesDir } from '../../../src-main/app/paths';
import { compileModel, mapModel } from '../../../src-main/sim/compile/compile-model';
import { idealCells } from '../../../src-main/sim/compile/program-layer';
import * as models from '../../unit/sim/onnx/models';
import { runModel, expectSameOutputs } from './onnx/run-model';

const IDEAL_INPUT = {
  weights: { bits: 0 },
  device: { onOff: 0 },
  dac: { bits: 0, range: 'explicit', limits: [-1, 1] },
  adc: { bits: 0 },
  array: { rowsMax: 64, colsMax: 16 },
} as const;

// Differential pairs (one product, partitions summed exactly) and offset with unit columns (one product per
// 64-row array, each with its unit column subtracted), all with continuous, error-free cells.
const IDEAL_CONFIGS = {
  differential: hardwareSchema.parse(IDEAL_INPUT),
  'offset, unit columns': hardwareSchema.parse({
    ...IDEAL_INPUT,
    mapping: { scheme: 'offset', offset: 'unit-column' },
  }),
  'offset, digital': hardwareSchema.parse({
    ...IDEAL_INPUT,
    device: { onOff: 20 },
    mapping: { scheme: 'offset' },
  }),
};

async function demoBatch(count: number): Promise<ort.Tensor> {
  const root = join(resourcesDir(), 'demo', 'images');
  const files = readdirSync(root)
    .sort()
    .flatMap((folder) =>
      readdirSync(join(root, folder))
        .slice(0, count / 10)
        .map((f) => join(root, folder, f)),
    );
  const data = new Float32Array(count * 784);
  for (const [i, file] of files.entries()) {
    const pixels = await sharp(file).grayscale().raw().toBuffer();
    pixels.forEach((p, j) => (data[i * 784 + j] = (p / 255 - 0.286) / 0.353));
  }
  return new ort.Tensor('float32', data, [count, 1, 28, 28]);
}

describe('ideal analog model = digital model', () => {
  it.each(Object.entries(IDEAL_CONFIGS))(
    'on the demo ResNet, %s: logits agree to float tolerance',
    async (_name, config) => {
      const file = join(resourcesDir(), 'demo', 'model.onnx');
      const bytes = readFileSync(file);
      const mapped = mapModel(bytes, file, config);
      expect(mapped.layers.length).toBe(10);
      const compiled = compileModel(
        mapped,
        config,
        mapped.layers.map(() => null),
      );
      const analog = await ort.InferenceSession.create(
        compiled.encodeTrial(mapped.layers.map((l) => idealCells(l.mapped))),
      );
      const digital = await ort.InferenceSession.create(bytes);
      const input = await demoBatch(50);
      const a = (await analog.run({ input })).logits.data as Float32Array;
      const d = (await digital.run({ input })).logits.data as Float32Array;
      const scale = Math.max(...d.map(Math.abs));
      const worst = Math.max(...a.map((v, i) => Math.abs(v - d[i])));
      expect(worst).toBeLessThan(1e-4 * scale);
    },
  );
});

describe('ideal analog model = digital model on every kind of analog layer', () => {
  const cases = {
    'Conv (strides, pads, dilation, auto_pad)': models.convModel(),
    'depthwise Conv': models.depthwiseModel(),
    'grouped Conv': models.groupedModel(),
    'Gemm (alpha, beta, transB, C as [M, N])': models.gemmModel(),
    'Gemm with transA': models.gemmTransAModel(),
    'MatMul 2-D': models.matmulModel(),
    'MatMul, batched 3-D activations': models.matmul3dModel(),
    'attention (MatMul between activations stays digital)': models.attentionModel(),
    'Conv + BatchNormalization': models.convBnModel(),
    'Gemm + BatchNormalization': models.gemmBnModel(),
  };
  it.each(Object.entries(cases))('%s', async (_name, model) => {
    const size = model.inputShape.reduce((a, b) => a * b, 1);
    const input = Float32Array.from({ length: size }, (_, i) => Math.sin(i * 0.7));
    for (const config of Object.values(IDEAL_CONFIGS)) {
      const mapped = mapModel(model.bytes, 'test.onnx', config);
      const compiled = compileModel(
        mapped,
        config,
        mapped.layers.map(() => null),
      );
      const analog = compiled.encodeTrial(mapped.layers.map((l) => idealCells(l.mapped)));
      expectSameOutputs(
        await runModel(analog, input, model.inputShape),
        await runModel(model.bytes, input, model.inputShape),
      );
    }
  });
});
