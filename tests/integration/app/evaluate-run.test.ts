// The digital baseline stored by a run equals a direct onnxruntime run of the same model on the same pixels.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { evaluateRun, type RunProgressEvent } from '../../../src-main/app/runs/evaluate-run';
import { hardwareSchema } from '../../../src-shared/config/hardware';
import { resourcesDir } from '../../../src-main/app/paths';
import { openStore, type Store } from '../../../src-main/store';

const demoDir = join(resourcesDir(), 'demo');
const demoCard = JSON.parse(readFileSync(join(demoDir, 'model.json'), 'utf8')) as {
  preprocess: { mean: number[]; std: number[] };
};

let store: Store | undefined;
afterEach(() => store?.close());

/** A class-folder dataset with the first `perClass` demo images of each class. */
function demoSubset(perClass: number): string {
  const root = mkdtempSync(join(tmpdir(), 'cb-data-'));
  for (const folder of readdirSync(join(demoDir, 'images')).sort()) {
    mkdirSync(join(root, folder));
    for (const file of readdirSync(join(demoDir, 'images', folder))
      .sort()
      .slice(0, perClass)) {
      copyFileSync(join(demoDir, 'images', folder, file), join(root, folder, file));
    }
  }
  return root;
}

/** Top-1/top-5 computed here from raw PNG bytes and a fresh onnxruntime session, independent of src-main. */
async function directAccuracy(root: string): Promise<{ top1: number; top5: number; images: number }> {
  const session = await ort.InferenceSession.create(join(demoDir, 'model.onnx'));
  const [mean] = demoCard.preprocess.mean;
  const [std] = demoCard.preprocess.std;
  let top1 = 0;
  let top5 = 0;
  let images = 0;
  const folders = readdirSync(root).sort();
  for (const [label, folder] of folders.entries()) {
    for (const file of readdirSync(join(root, folder)).sort()) {
      const pixels = await sharp(join(root, folder, file))
        .grayscale()
        .raw()
        .toBuffer();
      const input = Float32Array.from(pixels, (p) => (p / 255 - mean) / std);
      const out = await session.run({ input: new ort.Tensor('float32', input, [1, 1, 28, 28]) });
      const logits = [...(out.logits.data as Float32Array)];
      const above = logits.filter((v) => v > logits[label]).length;
      top1 += above === 0 ? 1 : 0;
      top5 += above < 5 ? 1 : 0;
      images++;
    }
  }
  return { top1: top1 / images, top5: top5 / images, images };
}

describe('evaluateRun (digital baseline)', () => {
  it('stores the same top-1/top-5 as a direct onnxruntime run, batch by batch', async () => {
    const data = demoSubset(12);
    store = openStore(join(mkdtempSync(join(tmpdir(), 'cb-db-')), 'runs.db'));
    const summary = await evaluateRun(
      store,
      { dataDir: data, sample: 'first', seed: 0 },
      { cacheDir: mkdtempSync(join(tmpdir(), 'cb-cache-')), batchSize: 16 },
    );
    const expected = await directAccuracy(data);
    expect(summary.images).toBe(120);
    expect(summary.digital.top1).toBeCloseTo(expected.top1, 12);
    expect(summary.digital.top5).toBeCloseTo(expected.top5, 12);

    const run = store.runs.get(summary.runId)!;
    expect(run.state).toBe('finished');
    expect(run.imagesDone).toBe(120);
    const progress = store.runs.progress(summary.runId);
    expect(progress.batches).toHaveLength(8); // 7 × 16 + 8
    expect(progress.trials).toHaveLength(1);
    expect(progress.trials[0].top1).toBeCloseTo(expected.top1, 12);
  });

  it('skips an unreadable image, names it in the run record, and scores the rest', async () => {
    const data = demoSubset(3);
    const firstClass = readdirSync(data).sort()[0];
    writeFileSync(join(data, firstClass, 'broken.png'), Buffer.from('not a png at all'));
    store = openStore(':memory:');
    const summary = await evaluateRun(
      store,
      { dataDir: data, sample: 'first', seed: 0 },
      { cacheDir: mkdtempSync(join(tmpdir(), 'cb-cache-')) },
    );
    expect(summary.images).toBe(30);
    expect(summary.skipped).toHaveLength(1);
    expect(summary.skipped[0].file).toBe(join(data, firstClass, 'broken.png'));
    expect(store.runs.get(summary.runId)!.skipped.map((s) => s.file)).toEqual([
      join(data, firstClass, 'broken.png'),
    ]);
  });

  it('records a cancelled run with the batches it finished', async () => {
    const data = demoSubset(10);
    store = openStore(':memory:');
    const abort = new AbortController();
    const summary = await evaluateRun(
      store,
      { dataDir: data, sample: 'first', seed: 0 },
      {
        cacheDir: mkdtempSync(join(tmpdir(), 'cb-cache-')),
        batchSize: 20,
        signal: abort.signal,
        onProgress: (event) => event.imagesDone >= 40 && abort.abort(),
      },
    );
    expect(summary.state).toBe('cancelled');
    expect(summary.images).toBe(40);
    expect(store.runs.progress(summary.runId).batches).toHaveLength(2);
  });
});

describe('evaluateRun (analog progress)', () => {
  it('reports every step between image batches, each counting up to its total', async () => {
    store = openStore(join(mkdtempSync(join(tmpdir(), 'cb-db-')), 'runs.db'));
    const events: RunProgressEvent[] = [];
    await evaluateRun(
      store,
      {
        // Programming error, so that both trials are run (identical ones are run once).
        config: hardwareSchema.parse({
          device: { programmingError: { model: 'state-independent', alpha: 0.02 } },
        }),
        trials: 2,
        limit: 40,
        calibrationCount: 20,
        statisticsImages: 8,
        sample: 'first',
        seed: 0,
      },
      {
        cacheDir: mkdtempSync(join(tmpdir(), 'cb-cache-')),
        batchSize: 20,
        onProgress: (e) => events.push(e),
      },
    );
    const steps = events.flatMap((e) => (e.step ? [{ trial: e.trial, ...e.step }] : []));
    const last = (name: string, trial: number) =>
      steps.filter((s) => s.name === name && s.trial === trial).at(-1);
    const demoLayers = last('mapping', 0)!.total;
    expect(demoLayers).toBeGreaterThan(1);
    expect(last('mapping', 0)).toMatchObject({ done: demoLayers });
    expect(last('calibration', 0)).toMatchObject({ done: 20, total: 20 });
    for (const trial of [0, 1]) {
      expect(last('programming', trial)).toMatchObject({ done: demoLayers, total: demoLayers });
      expect(last('statistics', trial)).toMatchObject({ done: 8, total: 8 });
      expect(last('compiling', trial)).toMatchObject({ done: 1, total: 1 });
    }
    for (const step of steps) expect(step.done).toBeLessThanOrEqual(step.total);
    // The steps come before the images they prepare: the last event counts every image, with no step.
    expect(events.at(-1)).toMatchObject({ step: null, imagesDone: 120, imagesTotal: 120 });
  });
});
