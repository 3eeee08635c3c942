// The conformance zoo: torchvision classifiers exported by tools/model-zoo/export_zoo.py (random weights, fixed
// seeds, non-trivial BatchNormalization statistics) at opsets 11, 13 and 17, each checked against PyTorch's own
// logits, as an ideal analog model against its digital self, and through a stored run with programming error.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hardwareSchema } from '../../../src-shared/config/hardware';
import { evaluateRun } from '../../../src-main/app/runs/evaluate-run';
import { compileModel, mapModel } from '../../../src-main/sim/compile/compile-model';
import { idealCells } from '../../../src-main/sim/compile/program-layer';
import { openStore, type Store } from '../../../src-main/store';
import {
  IDEAL,
  exportedManifest,
  imageFolders,
  logitsOf,
  readFloats,
  top1,
  type ExportedModel,
} from './exported-models';

const FAMILIES = [
  'resnet',
  'mobilenet_v2',
  'mobilenet_v3',
  'efficientnet',
  'densenet',
  'squeezenet',
  'shufflenet_v2',
  'googlenet',
  'regnet',
  'resnext',
  'mnasnet',
  'convnext',
  'vgg',
  'alexnet',
  'vit',
  'swin',
];
const OPSETS = [11, 13, 17];
const CASES = FAMILIES.flatMap((family) => OPSETS.map((opset) => [family, opset] as const));

// A default design with 1 % state-independent programming error: calibrated 8-bit DAC and ADC, 8-bit weights.
const PROGRAMMING_ERROR = hardwareSchema.parse({
  device: { programmingError: { model: 'state-independent', alpha: 0.01 } },
});

interface ZooModel extends ExportedModel {
  family: string;
  opset: number;
}

let dir = '';
let models: ZooModel[] = [];
let store: Store;

beforeAll(() => {
  ({ dir, models } = exportedManifest<ZooModel>('export_zoo.py', 'manifest.json', ['--size', 'thin']));
  store = openStore(':memory:');
}, 900_000);
afterAll(() => store?.close());

function modelOf(family: string, opset: number): ZooModel {
  const model = models.find((entry) => entry.family === family && entry.opset === opset);
  if (!model) throw new Error(`the zoo has no ${family} at opset ${opset} (see manifest.json "skipped")`);
  return model;
}

function largestDifference(a: Float32Array, b: Float32Array): { difference: number; scale: number } {
  let difference = 0;
  let scale = 0;
  b.forEach((value, i) => {
    difference = Math.max(difference, Math.abs(a[i] - value));
    scale = Math.max(scale, Math.abs(value));
  });
  return { difference, scale };
}

describe('torchvision zoo (thin variants)', () => {
  // 128-row arrays and a real ADC: every layer's rows are split into partitions, each digitized on its own.
  const PARTITIONED = hardwareSchema.parse({
    ...IDEAL,
    array: { rowsMax: 128, colsMax: 64 },
    adc: { bits: 12, range: 'max' },
  });

  it.each([11, 13, 17])(
    'alexnet at opset %i: row partitions are split in the form of the model’s opset, and the model runs',
    async (opset) => {
      const model = modelOf('alexnet', opset);
      const file = join(dir, model.file);
      const mapped = mapModel(readFileSync(file), file, PARTITIONED);
      const compiled = compileModel(
        mapped,
        PARTITIONED,
        mapped.layers.map(() => null),
      );
      const splits = compiled.model.graph!.node!.filter((node) => node.opType === 'Split');
      expect(splits.length).toBeGreaterThan(0);
      for (const split of splits) {
        // Split took its sizes as an attribute until opset 13, as an input since.
        expect(split.input).toHaveLength(opset < 13 ? 1 : 2);
        expect(split.attribute?.some((attribute) => attribute.name === 'split')).toBe(opset < 13);
      }
      const bytes = compiled.encodeTrial(mapped.layers.map(({ mapped: layer }) => idealCells(layer)));
      const logits = await logitsOf(bytes, readFloats(join(dir, model.inputFile)), model.input);
      expect(logits.every(Number.isFinite)).toBe(true);
    },
  );

  it.each(CASES)('%s at opset %i: our digital logits are PyTorch’s', async (family, opset) => {
    const model = modelOf(family, opset);
    const bytes = readFileSync(join(dir, model.file));
    const digital = await logitsOf(bytes, readFloats(join(dir, model.inputFile)), model.input);
    const { difference, scale } = largestDifference(digital, readFloats(join(dir, model.logitsFile)));
    expect(scale).toBeGreaterThan(1e-3); // logits that carry information
    expect(difference).toBeLessThan(1e-3 * scale);
  });

  it.each(CASES)('%s at opset %i: with every non-ideality off, analog = digital', async (family, opset) => {
    const model = modelOf(family, opset);
    const file = join(dir, model.file);
    const bytes = readFileSync(file);
    const input = readFloats(join(dir, model.inputFile));
    const mapped = mapModel(bytes, file, IDEAL);
    const compiled = compileModel(
      mapped,
      IDEAL,
      mapped.layers.map(() => null),
    );
    const analogBytes = compiled.encodeTrial(mapped.layers.map(({ mapped: layer }) => idealCells(layer)));
    const digital = await logitsOf(bytes, input, model.input);
    const analog = await logitsOf(analogBytes, input, model.input);
    const { difference, scale } = largestDifference(analog, digital);
    expect(difference).toBeLessThan(1e-4 * scale);
    expect(top1(analog, model.classes)).toEqual(top1(digital, model.classes));
  });

  it.each(CASES)(
    '%s at opset %i: a run with 1 % programming error stores every array’s statistics',
    async (family, opset) => {
      const model = modelOf(family, opset);
      const file = join(dir, model.file);
      const [, , height] = model.input;
      const preprocessFile = join(mkdtempSync(join(tmpdir(), 'cb-zoo-pre-')), 'preprocess.json');
      writeFileSync(preprocessFile, JSON.stringify({ resize: height, crop: height, channels: 3 }));
      const summary = await evaluateRun(
        store,
        {
          modelFile: file,
          dataDir: await imageFolders(height),
          preprocessFile,
          sample: 'first',
          seed: 3,
          config: PROGRAMMING_ERROR,
          trials: 1,
          limit: 8,
          calibrationCount: 4,
          statisticsImages: 2,
        },
        { cacheDir: mkdtempSync(join(tmpdir(), 'cb-zoo-cache-')), intraOpThreads: 1 },
      );
      expect(store.runs.get(summary.runId)?.state).toBe('finished');
      expect(summary.analog?.trials).toHaveLength(1);
      const arrays = store.stats.arrays(summary.runId, 0);
      // One entry per (layer, row partition, column partition, slice), over every group of a grouped conv (§8).
      const expected = mapModel(readFileSync(file), file, PROGRAMMING_ERROR).layers.reduce(
        (total, { mapped }) =>
          total + mapped.rows.rowsPerPartition.length * mapped.columns.length * mapped.slices.length,
        0,
      );
      expect(arrays.length).toBe(expected);
      for (const array of arrays) {
        expect(Number.isFinite(array.nrmsError)).toBe(true);
        expect(array.progErrorRms).toBeGreaterThan(0);
      }
    },
  );
});
