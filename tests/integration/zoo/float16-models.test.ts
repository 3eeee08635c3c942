// Float16 models, as fp16 converters write them (tools/model-zoo/export_fp16.py): the weights are read as float
// for mapping, the activations between layers stay float16, and the images and logits cross a float32 boundary.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hardwareSchema } from '../../../src-shared/config/hardware';
import { evaluateRun } from '../../../src-main/app/runs/evaluate-run';
import { compileModel, mapModel } from '../../../src-main/sim/compile/compile-model';
import { idealCells } from '../../../src-main/sim/compile/program-layer';
import { createModelSession, readModelFile, runLogits } from '../../../src-main/sim/evaluate/model-session';
import { onnx } from '../../../src-main/sim/onnx/proto';
import { openStore, type Store } from '../../../src-main/store';
import {
  IDEAL,
  exportedManifest,
  imageFolders,
  readFloats,
  top1,
  type ExportedModel,
} from './exported-models';

const { DataType } = onnx.TensorProto;

interface Float16Model extends ExportedModel {
  name: string;
  float16Inputs: boolean;
}

let dir = '';
let models: Float16Model[] = [];
let store: Store;

beforeAll(() => {
  ({ dir, models } = exportedManifest<Float16Model>('export_fp16.py', 'fp16-manifest.json'));
  store = openStore(':memory:');
}, 300_000);
afterAll(() => store?.close());

async function logitsOf(bytes: Uint8Array, file: string, model: Float16Model): Promise<Float32Array> {
  const session = await createModelSession(file, bytes, { intraOpThreads: 1 });
  try {
    return (await runLogits(session, readFloats(join(dir, model.inputFile)), model.input)).logits;
  } finally {
    await session.session.release();
  }
}

function largestDifference(a: Float32Array, b: Float32Array): number {
  return Math.max(...Array.from(a, (value, i) => Math.abs(value - b[i])));
}

const NAMES = ['resnet-fp16', 'mobilenet_v2-fp16', 'vit-fp16-io32'];

describe('float16 models', () => {
  it('exports float16 weights, with float16 and with float32 inputs', () => {
    expect(models.map((model) => model.name)).toEqual(NAMES);
    for (const model of models) {
      const graph = onnx.ModelProto.decode(readFileSync(join(dir, model.file))).graph!;
      const inputType = graph.input![0].type!.tensorType!.elemType;
      expect(inputType).toBe(model.float16Inputs ? DataType.FLOAT16 : DataType.FLOAT);
      expect(graph.initializer!.some((tensor) => tensor.dataType === DataType.FLOAT16)).toBe(true);
      expect(graph.initializer!.every((tensor) => tensor.dataType !== DataType.FLOAT)).toBe(true);
    }
  });

  it.each(NAMES)('%s: our digital logits are PyTorch’s float32 ones, to float16 precision', async (name) => {
    const model = models.find((entry) => entry.name === name)!;
    const file = join(dir, model.file);
    const digital = await logitsOf(await readModelFile(file), file, model);
    const reference = readFloats(join(dir, model.logitsFile));
    const scale = Math.max(...reference.map(Math.abs));
    // Float16 keeps 11 significant bits; rounding in every layer of a thin network stays within 2 % of the logits.
    expect(largestDifference(digital, reference)).toBeLessThan(0.02 * scale);
  });

  it.each(NAMES)(
    '%s: every layer maps, activations stay float16, and ideal analog = digital',
    async (name) => {
      const model = models.find((entry) => entry.name === name)!;
      const file = join(dir, model.file);
      const bytes = await readModelFile(file);
      const mapped = mapModel(bytes, file, IDEAL);
      expect(mapped.layers.length).toBeGreaterThan(3);
      expect(
        mapped.layers.every(({ boundary }) => boundary?.source.activationType === DataType.FLOAT16),
      ).toBe(true);
      const compiled = compileModel(
        mapped,
        IDEAL,
        mapped.layers.map(() => null),
      );
      const castsTo = (type: number) =>
        compiled.model.graph!.node!.filter(
          (node) => node.opType === 'Cast' && Number(node.attribute![0].i) === type,
        );
      // Each layer's result goes back to float16 before the model's own nodes read it.
      expect(castsTo(DataType.FLOAT16).length).toBeGreaterThanOrEqual(mapped.layers.length);
      const analogBytes = compiled.encodeTrial(mapped.layers.map(({ mapped: layer }) => idealCells(layer)));
      const digital = await logitsOf(bytes, file, model);
      const analog = await logitsOf(analogBytes, file, model);
      const scale = Math.max(...digital.map(Math.abs));
      // The same float16 roundings between layers; inside a layer float32 sums in another order.
      expect(largestDifference(analog, digital)).toBeLessThan(0.01 * scale);
      expect(top1(analog, model.classes)).toEqual(top1(digital, model.classes));
    },
  );

  it('a stored run of a float16 model with programming error completes, with per-array statistics', async () => {
    const model = models.find((entry) => entry.name === 'resnet-fp16')!;
    const [, , height] = model.input;
    const preprocessFile = join(mkdtempSync(join(tmpdir(), 'cb-fp16-pre-')), 'preprocess.json');
    writeFileSync(preprocessFile, JSON.stringify({ resize: height, crop: height, channels: 3 }));
    const summary = await evaluateRun(
      store,
      {
        modelFile: join(dir, model.file),
        dataDir: await imageFolders(height),
        preprocessFile,
        sample: 'first',
        seed: 3,
        config: hardwareSchema.parse({
          device: { programmingError: { model: 'state-independent', alpha: 0.01 } },
        }),
        trials: 1,
        limit: 8,
        calibrationCount: 4,
        statisticsImages: 2,
      },
      { cacheDir: mkdtempSync(join(tmpdir(), 'cb-fp16-cache-')), intraOpThreads: 1 },
    );
    expect(store.runs.get(summary.runId)?.state).toBe('finished');
    expect(summary.analog?.trials).toHaveLength(1);
    expect(store.stats.arrays(summary.runId, 0).length).toBeGreaterThan(0);
  });
});
