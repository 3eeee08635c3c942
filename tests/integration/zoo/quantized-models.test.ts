// QDQ models from PyTorch's fake quantization: the analog weights are the dequantized integer grid, activation
// fake-quant stays digital, and with every non-ideality off the analog model is the QDQ model itself.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { hardwareSchema, type HardwareConfig } from '../../../src-shared/config/hardware';
import { compileModel, mapModel } from '../../../src-main/sim/compile/compile-model';
import { idealCells } from '../../../src-main/sim/compile/program-layer';
import { onnx } from '../../../src-main/sim/onnx/proto';
import { IDEAL, exportedManifest, logitsOf, readFloats, top1, type ExportedModel } from './exported-models';

let dir = '';
let models: (ExportedModel & { name: string })[] = [];

beforeAll(() => {
  ({ dir, models } = exportedManifest<ExportedModel & { name: string }>(
    'export_quantized.py',
    'quantized-manifest.json',
  ));
}, 300_000);

/** An exported QDQ model, its recorded batch, and onnxruntime's own output on it. */
async function qdqCase(name: string) {
  const model = models.find((entry) => entry.name === name)!;
  const file = join(dir, model.file);
  const bytes = readFileSync(file);
  const input = readFloats(join(dir, model.inputFile));
  return { model, file, bytes, input, digital: await logitsOf(bytes, input, model.input) };
}

describe('QDQ models (torch.ao.quantization fake quantization, exported to ONNX)', () => {
  it('exports the per-channel, per-tensor and 4-bit cases', () => {
    expect(models.map((model) => model.name).sort()).toEqual([
      'qdq-4bit-op13',
      'qdq-per-channel-op13',
      'qdq-per-tensor-op17',
    ]);
  });

  it.each(['qdq-per-channel-op13', 'qdq-per-tensor-op17', 'qdq-4bit-op13'])(
    '%s: every Conv/Gemm maps with its dequantized weight, and the ideal analog model is the QDQ model',
    async (name) => {
      const { model, file, bytes, input, digital } = await qdqCase(name);
      // onnxruntime's QDQ model against PyTorch's fake quantization: one activation step at most apart.
      const torchLogits = readFloats(join(dir, model.logitsFile));
      const scale = Math.max(...torchLogits.map(Math.abs));
      digital.forEach((value, i) => expect(Math.abs(value - torchLogits[i])).toBeLessThan(0.05 * scale));

      const mapped = mapModel(bytes, file, IDEAL);
      expect(mapped.layers.map(({ analog }) => analog.kind)).toEqual(['conv', 'conv', 'conv', 'gemm']);
      const compiled = compileModel(
        mapped,
        IDEAL,
        mapped.layers.map(() => null),
      );
      const ops = new Set(compiled.model.graph?.node?.map((node) => node.opType));
      expect(ops.has('QuantizeLinear') && ops.has('DequantizeLinear')).toBe(true); // activations stay digital
      const analogBytes = compiled.encodeTrial(mapped.layers.map(({ mapped: layer }) => idealCells(layer)));
      const analog = await logitsOf(analogBytes, input, model.input);
      expect(top1(analog, model.classes)).toEqual(top1(digital, model.classes));
      // The output is itself fake-quantized: float32 rounding inside a layer lands on the same grid point.
      analog.forEach((value, i) => expect(Math.abs(value - digital[i])).toBeLessThanOrEqual(1e-5 * scale));
    },
  );

  it('the 4-bit network keeps 4-bit weights in its middle layers: at most 15 levels per output channel', () => {
    const model = models.find((entry) => entry.name === 'qdq-4bit-op13')!;
    const file = join(dir, model.file);
    const mapped = mapModel(readFileSync(file), file, IDEAL);
    const levelsPerChannel = mapped.layers.map(({ analog }) => {
      const perChannel = analog.weights.length / analog.outputChannels;
      return Math.max(
        ...Array.from(
          { length: analog.outputChannels },
          (_, o) => new Set(analog.weights.subarray(o * perChannel, (o + 1) * perChannel)).size,
        ),
      );
    });
    expect(levelsPerChannel[1]).toBeLessThanOrEqual(15);
    expect(levelsPerChannel[2]).toBeLessThanOrEqual(15);
    expect(levelsPerChannel[3]).toBeGreaterThan(15); // the 8-bit last layer
  });
});

describe('a quantized model keeps its own weight grid (weights.grid "model", the default)', () => {
  // Every non-ideality off but the weight quantization: weights.bits says 3, which the model's grid overrides.
  const threeBits = (grid: 'model' | 'bits') =>
    hardwareSchema.parse({ ...IDEAL, weights: { bits: 3, grid } });

  it("finds each layer's grid: per channel in the 4-bit network, one step per layer in the per-tensor model", () => {
    const gridOf = (name: string) => {
      const model = models.find((entry) => entry.name === name)!;
      const file = join(dir, model.file);
      return mapModel(readFileSync(file), file, IDEAL).layers.map(({ analog }) => analog.grid);
    };
    // PyTorch's qint8 grids reach −128, which a symmetric 8-bit quantizer cannot hold: 9 bits. The 4-bit layers'
    // weights are 15 values of their int8 grid (at most 15 levels, above), not a coarser integer grid.
    expect(gridOf('qdq-4bit-op13')).toEqual(Array(4).fill({ bits: 9, step: null }));
    const perTensor = gridOf('qdq-per-tensor-op17');
    expect(perTensor.map((grid) => grid?.bits)).toEqual([9, 9, 8, 8]);
    expect(perTensor.every((grid) => grid !== undefined && grid.step! > 0)).toBe(true);
  });

  it.each(['qdq-per-channel-op13', 'qdq-per-tensor-op17', 'qdq-4bit-op13'])(
    '%s: with weights.bits 3 its analog model is still the QDQ model; with weights.grid "bits" it is not',
    async (name) => {
      const { model, file, bytes, input, digital } = await qdqCase(name);
      const scale = Math.max(...digital.map(Math.abs));
      const analogWith = async (config: HardwareConfig) => {
        const mapped = mapModel(bytes, file, config);
        const compiled = compileModel(
          mapped,
          config,
          mapped.layers.map(() => null),
        );
        const cells = mapped.layers.map(({ mapped: layer }) => idealCells(layer));
        return logitsOf(compiled.encodeTrial(cells), input, model.input);
      };
      const ownGrid = await analogWith(threeBits('model'));
      ownGrid.forEach((value, i) => expect(Math.abs(value - digital[i])).toBeLessThanOrEqual(1e-5 * scale));
      const requantized = await analogWith(threeBits('bits'));
      const moved = Math.max(...requantized.map((value, i) => Math.abs(value - digital[i])));
      expect(moved).toBeGreaterThan(0.01 * scale);
    },
  );
});

/**
 * The model in the older operator format, as int8 model collections publish: onnxruntime's own QDQ fusion writes
 * a QLinearConv where a Conv sits between quantized activations.
 */
async function operatorFormatOf(file: string): Promise<string> {
  const fused = join(mkdtempSync(join(tmpdir(), 'qoperator-')), 'fused.onnx');
  const session = await ort.InferenceSession.create(file, {
    graphOptimizationLevel: 'extended',
    optimizedModelFilePath: fused,
  });
  await session.release();
  return fused;
}

describe('a quantized model in the operator format (QLinearConv)', () => {
  it('maps QLinearConv with its dequantized integer weights, and the ideal analog model is the model itself', async () => {
    const model = models.find((entry) => entry.name === 'qdq-per-channel-op13')!;
    const qdqFile = join(dir, model.file);
    const file = await operatorFormatOf(qdqFile);
    const bytes = readFileSync(file);
    const opTypes = onnx.ModelProto.decode(bytes).graph?.node?.map((node) => node.opType);
    expect(opTypes).toContain('QLinearConv');

    const mapped = mapModel(bytes, file, IDEAL);
    const qdq = mapModel(readFileSync(qdqFile), qdqFile, IDEAL);
    expect(mapped.layers.map(({ analog }) => analog.kind)).toEqual(['conv', 'conv', 'conv', 'gemm']);
    mapped.layers.forEach(({ analog }, i) => {
      const reference = qdq.layers[i].analog.weights;
      analog.weights.forEach((w, j) =>
        expect(Math.abs(w - reference[j])).toBeLessThanOrEqual(1e-6 * Math.abs(reference[j])),
      );
    });

    const input = readFloats(join(dir, model.inputFile));
    const digital = await logitsOf(bytes, input, model.input);
    const compiled = compileModel(
      mapped,
      IDEAL,
      mapped.layers.map(() => null),
    );
    const analog = await logitsOf(
      compiled.encodeTrial(mapped.layers.map(({ mapped: layer }) => idealCells(layer))),
      input,
      model.input,
    );
    expect(top1(analog, model.classes)).toEqual(top1(digital, model.classes));
    // QLinearConv requantizes an integer sum, the rewrite a float one: a rounding tie may land one step apart.
    const scale = Math.max(...digital.map(Math.abs));
    analog.forEach((value, i) => expect(Math.abs(value - digital[i])).toBeLessThanOrEqual(0.02 * scale));
  });
});
