// The full-width torchvision zoo in the bench: per family the core baseline's analog/digital ratio, and for the
// largest models a default run's phases (mapping, calibration, statistics, …) and its peak memory.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import type { RunStepName } from '../src-shared/api/jobs';
import { evaluateRun } from '../src-main/app/runs/evaluate-run';
import { openStore } from '../src-main/store';
import { exportedManifest, readFloats, type ExportedModel } from '../tests/integration/zoo/exported-models';
import { compareAnalogToDigital, type Comparison } from './analog-vs-digital';
import { BASELINE } from './baseline';

const ZOO_ARGS = ['--size', 'full', '--opsets', '17'];
export const ZOO_REPEATS = 3;

export interface ZooModel extends ExportedModel {
  family: string;
  parameters: number;
  model: string;
}

/** The full-width models at opset 17, exported once into `.cache/model-zoo/`. */
export function zooModels(): { dir: string; models: ZooModel[] } {
  return exportedManifest<ZooModel>('export_zoo.py', 'manifest.json', ZOO_ARGS);
}

/** Child mode: the core baseline against the digital model on the family's own batch of 4 images. */
export async function compareZooFamily(index: number): Promise<Comparison> {
  const { dir, models } = zooModels();
  const model = models[index];
  const base = model.file.replace(/\.onnx$/, '');
  const input = new ort.Tensor('float32', readFloats(join(dir, `${base}.input.bin`)), model.input);
  const bytes = readFileSync(join(dir, model.file));
  return compareAnalogToDigital(model.family, bytes, BASELINE, input, input, ZOO_REPEATS);
}

export interface RunPhases {
  /** Seconds per step of the analog trial, and of the digital and analog image passes. */
  seconds: Partial<Record<RunStepName | 'digital' | 'analog', number>>;
  totalSeconds: number;
  /** The process's peak resident set, from the kernel. */
  peakMiB: number;
}

export interface RunMeasurement {
  family: string;
  images: number;
  /** null: the digital baseline only. */
  analog: boolean;
  statisticsImages: number;
}

/** Child mode: one run as `crossbar run` makes it (100 calibration images, one trial), timed by its progress. */
export async function measureRun(request: RunMeasurement): Promise<RunPhases> {
  const { dir, models } = zooModels();
  const model = models.find((m) => m.family === request.family)!;
  const root = mkdtempSync(join(tmpdir(), 'cb-bench-run-'));
  const dataDir = await jpegFolders(join(root, 'images'), request.images + (request.analog ? 100 : 0));
  const store = openStore(join(root, 'runs.db'));
  const seconds: RunPhases['seconds'] = {};
  const started = performance.now();
  let last = started;
  // Each event reports work just done (a batch, a layer, a chunk of images): the time since the one before is its.
  const reached = (label: keyof RunPhases['seconds']) => {
    const now = performance.now();
    seconds[label] = (seconds[label] ?? 0) + (now - last) / 1000;
    last = now;
  };
  try {
    await evaluateRun(
      store,
      {
        modelFile: join(dir, model.file),
        dataDir,
        limit: request.images,
        sample: 'first',
        seed: 0,
        config: request.analog ? BASELINE : null,
        trials: 1,
        calibrationCount: 100,
        statisticsImages: request.statisticsImages,
      },
      {
        cacheDir: join(root, 'cache'),
        onProgress: (event) => reached(event.step?.name ?? event.phase),
      },
    );
  } finally {
    store.close();
  }
  return {
    seconds,
    totalSeconds: (performance.now() - started) / 1000,
    peakMiB: process.resourceUsage().maxRSS / 1024,
  };
}

/** `count` random-pixel RGB JPEGs of 256×256 in ten class folders. */
async function jpegFolders(root: string, count: number): Promise<string> {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < count; i++) {
    const folder = join(root, String(i % 10));
    mkdirSync(folder, { recursive: true });
    const pixels = Buffer.from(Array.from({ length: 256 * 256 * 3 }, () => Math.floor(next() * 256)));
    const jpeg = await sharp(pixels, { raw: { width: 256, height: 256, channels: 3 } })
      .jpeg()
      .toBuffer();
    writeFileSync(join(folder, `${i}.jpg`), jpeg);
  }
  return root;
}
