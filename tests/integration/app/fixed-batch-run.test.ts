// Models exported with a fixed batch size, as torch.onnx.export writes them without dynamic_axes
// (tools/model-zoo/export_fixed_batch.py): both phases of a run feed them in runs of that size, the last one filled.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateRun } from '../../../src-main/app/runs/evaluate-run';
import { resourcesDir } from '../../../src-main/app/paths';
import { loadBatches, openDataset } from '../../../src-main/data';
import { compileModel, mapModel } from '../../../src-main/sim/compile/compile-model';
import { idealCells } from '../../../src-main/sim/compile/program-layer';
import { createModelSession, readModelFile, runLogits } from '../../../src-main/sim/evaluate/model-session';
import { onnx } from '../../../src-main/sim/onnx/proto';
import { openStore, type Store } from '../../../src-main/store';
import { hardwareSchema } from '../../../src-shared/config/hardware';
import { parsePreprocess } from '../../../src-shared/config/preprocess';
import { IDEAL, exportedManifest, readFloats, type ExportedModel } from '../zoo/exported-models';

interface FixedBatchModel extends ExportedModel {
  name: string;
  batch: number;
  flatten: 'view' | 'flatten';
}

const demoDir = join(resourcesDir(), 'demo');
const demoPreprocess = (
  JSON.parse(readFileSync(join(demoDir, 'model.json'), 'utf8')) as { preprocess: object }
).preprocess;
/** Ten test images: a count that no fixed batch above 2 divides, so the last run is filled. */
const TEST_IMAGES = 10;

let dir = '';
let models: FixedBatchModel[] = [];
let store: Store;
/** The first two demo images of each class (20), and the demo model's preprocessing in a file. */
let data = '';
let preprocessFile = '';

beforeAll(() => {
  ({ dir, models } = exportedManifest<FixedBatchModel>('export_fixed_batch.py', 'manifest.json'));
  store = openStore(':memory:');
  data = mkdtempSync(join(tmpdir(), 'cb-fixed-data-'));
  for (const folder of readdirSync(join(demoDir, 'images')).sort()) {
    mkdirSync(join(data, folder));
    for (const file of readdirSync(join(demoDir, 'images', folder))
      .sort()
      .slice(0, 2)) {
      copyFileSync(join(demoDir, 'images', folder, file), join(data, folder, file));
    }
  }
  preprocessFile = join(mkdtempSync(join(tmpdir(), 'cb-fixed-pre-')), 'preprocess.json');
  writeFileSync(preprocessFile, JSON.stringify(demoPreprocess));
}, 120_000);
afterAll(() => store?.close());

const NAMES = ['cnn-view-b1', 'cnn-view-b4', 'cnn-flatten-b1'];
const model = (name: string) => models.find((entry) => entry.name === name)!;

/** The run's test images (the first ten, `sample: 'first'`) as its preprocessing gives them. */
async function testImages(): Promise<{ tensor: Float32Array; dims: number[] }> {
  const dataset = await openDataset(data);
  const items = dataset.items.slice(0, TEST_IMAGES);
  const first = await loadBatches(items, parsePreprocess(demoPreprocess), { batchSize: TEST_IMAGES }).next();
  if (first.done) throw new Error('no test images');
  return { tensor: first.value.tensor, dims: [...first.value.dims] };
}

/** Each image's logits from a raw onnxruntime session, the image alone in a batch of zeros. */
async function aloneInBatch(bytes: Uint8Array, images: Float32Array, batch: number): Promise<Float32Array[]> {
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
  const imageSize = 28 * 28;
  const rows: Float32Array[] = [];
  try {
    for (let n = 0; n < images.length / imageSize; n++) {
      const input = new Float32Array(batch * imageSize);
      input.set(images.subarray(n * imageSize, (n + 1) * imageSize));
      const out = await session.run({ input: new ort.Tensor('float32', input, [batch, 1, 28, 28]) });
      rows.push((out.logits.data as Float32Array).slice(0, 10));
    }
  } finally {
    await session.release();
  }
  return rows;
}

async function logitsOf(bytes: Uint8Array, file: string, images: { tensor: Float32Array; dims: number[] }) {
  const session = await createModelSession(file, bytes, { intraOpThreads: 1 });
  try {
    return (await runLogits(session, images.tensor, images.dims)).logits;
  } finally {
    await session.session.release();
  }
}

function largestDifference(a: Float32Array, b: Float32Array): number {
  return Math.max(...Array.from(a, (value, i) => Math.abs(value - b[i])));
}

describe('fixed-batch models', () => {
  it('are exported with the batch in the graph: inputs, outputs and the Reshape of x.view(x.size(0), -1)', () => {
    expect(models.map((entry) => entry.name)).toEqual(NAMES);
    for (const entry of models) {
      const graph = onnx.ModelProto.decode(readFileSync(join(dir, entry.file))).graph!;
      for (const value of [graph.input![0], graph.output![0]]) {
        expect(Number(value.type!.tensorType!.shape!.dim![0].dimValue)).toBe(entry.batch);
      }
      const reshape = graph.node!.find((node) => node.opType === 'Reshape');
      expect(Boolean(reshape)).toBe(entry.flatten === 'view');
      if (!reshape) continue;
      // A Constant [batch, -1]: fed N images, it would hand the Gemm [batch, N/batch·288] rows, which it refuses.
      const shape = graph.node!.find((node) => node.output![0] === reshape.input![1])!.attribute![0].t!;
      const raw = shape.rawData!;
      const values = new BigInt64Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
      expect([...values]).toEqual([BigInt(entry.batch), -1n]);
    }
  });

  it.each(NAMES)(
    '%s: digital logits are PyTorch’s, and each image’s own in a padded last run',
    async (name) => {
      const entry = model(name);
      const file = join(dir, entry.file);
      const bytes = await readModelFile(file);
      const reference = readFloats(join(dir, entry.logitsFile));
      const exported = await logitsOf(bytes, file, {
        tensor: readFloats(join(dir, entry.inputFile)),
        dims: entry.input,
      });
      expect(largestDifference(exported, reference)).toBeLessThan(1e-4);
      const images = await testImages();
      const digital = await logitsOf(bytes, file, images);
      expect(digital).toHaveLength(TEST_IMAGES * entry.classes);
      const alone = await aloneInBatch(bytes, images.tensor, entry.batch);
      alone.forEach((row, n) =>
        expect(largestDifference(digital.subarray(n * 10, n * 10 + 10), row)).toBeLessThan(1e-5),
      );
    },
  );

  it.each(NAMES)('%s: with every non-ideality off, the analog logits are the digital ones', async (name) => {
    const entry = model(name);
    const file = join(dir, entry.file);
    const bytes = await readModelFile(file);
    const mapped = mapModel(bytes, file, IDEAL);
    expect(mapped.layers).toHaveLength(3); // conv1 (BatchNorm folded), conv2, fc
    const compiled = compileModel(
      mapped,
      IDEAL,
      mapped.layers.map(() => null),
    );
    const analogBytes = compiled.encodeTrial(mapped.layers.map(({ mapped: layer }) => idealCells(layer)));
    const images = await testImages();
    const digital = await logitsOf(bytes, file, images);
    const analog = await logitsOf(analogBytes, `${file} (analog)`, images);
    expect(analog).toHaveLength(digital.length);
    const scale = Math.max(...digital.map(Math.abs));
    expect(largestDifference(analog, digital)).toBeLessThan(1e-5 * scale);
  });

  it.each(NAMES)('%s: a stored ideal run agrees with the digital model on every image', async (name) => {
    const summary = await evaluateRun(
      store,
      {
        modelFile: join(dir, model(name).file),
        dataDir: data,
        preprocessFile,
        sample: 'first',
        seed: 0,
        config: IDEAL,
        limit: TEST_IMAGES,
        statisticsImages: 6,
      },
      { cacheDir: mkdtempSync(join(tmpdir(), 'cb-fixed-cache-')), intraOpThreads: 1 },
    );
    expect(store.runs.get(summary.runId)?.state).toBe('finished');
    expect(summary.images).toBe(TEST_IMAGES);
    const [trial] = summary.analog!.trials;
    expect(trial.agreementTop1).toBe(1);
    expect(trial.top1).toBe(summary.digital.top1);
    expect(trial.top5).toBe(summary.digital.top5);
    expect(store.stats.arrays(summary.runId, 0).length).toBeGreaterThan(0);
  });

  it('a batch-4 model runs calibrated bit-serial converters on 5 calibration and 6 statistics images', async () => {
    const summary = await evaluateRun(
      store,
      {
        modelFile: join(dir, model('cnn-view-b4').file),
        dataDir: data,
        preprocessFile,
        sample: 'first',
        seed: 0,
        // Calibrated DAC and ADC ranges, an ADC per input bit: two calibration passes, slices on the batch axis.
        config: hardwareSchema.parse({ dac: { bitSerial: true }, adc: { perInputBit: true } }),
        limit: TEST_IMAGES,
        calibrationCount: 5,
        statisticsImages: 6,
      },
      { cacheDir: mkdtempSync(join(tmpdir(), 'cb-fixed-cache-')), intraOpThreads: 1 },
    );
    expect(store.runs.get(summary.runId)?.state).toBe('finished');
    expect(store.runs.get(summary.runId)?.calibrationKey).toBeTruthy();
    const analogBatches = store.runs.progress(summary.runId).batches.filter((b) => b.kind === 'analog');
    expect(analogBatches.reduce((sum, b) => sum + b.images, 0)).toBe(TEST_IMAGES);
    expect(summary.analog!.trials[0].agreementTop1).toBeGreaterThan(0.7);
    expect(store.stats.arrays(summary.runId, 0).length).toBeGreaterThan(0);
  });
});
