// The dataset layer end to end: open a folder, split test and calibration sets, stream cached batches.
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { IMAGENET_PREPROCESS } from '../../../src-shared/config/preprocess';
import {
  TensorCache,
  loadBatches,
  openDataset,
  selectCalibrationAndTest,
  type Batch,
  type ImageDecoder,
} from '../../../src-main/data';
import { cropImage } from '../../../src-main/data/preprocess-image';
import {
  makeTempDir,
  patternImage,
  removeDir,
  writeImage,
  writeText,
  writeTruncatedJpeg,
} from '../../unit/data/image-fixtures';

const WNIDS = ['n01440764', 'n01751748', 'n15075141'];
const LABELS = [0, 65, 999];

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await removeDir(dir);
});

it('labels, splits and batches a partial ImageNet copy, decoding each image once across two runs', async () => {
  const root = path.join(dir, 'imagenet', 'val');
  for (const [classIndex, wnid] of WNIDS.entries()) {
    for (let n = 0; n < 5; n++) {
      await writeImage(path.join(root, wnid, `img${n}.JPEG`), patternImage(40 + n, 30 + classIndex));
    }
  }
  await writeTruncatedJpeg(path.join(root, WNIDS[1], 'broken.JPEG'));
  await writeText(path.join(root, WNIDS[2], 'labels.txt'), 'not an image');

  const dataset = await openDataset(root);
  expect(dataset.layout).toBe('wnid-folders');
  expect(dataset.items).toHaveLength(16);
  expect(dataset.skipped.map((entry) => path.basename(entry.file))).toEqual(['labels.txt']);

  const split = {
    test: { count: 10, sample: 'random', seed: 3 },
    calibration: { count: 4, sample: 'random', seed: 4 },
  } as const;
  const { test, calibration } = selectCalibrationAndTest(dataset.items, split);
  expect(selectCalibrationAndTest((await openDataset(root)).items, split)).toEqual({ test, calibration });

  const spec = { ...IMAGENET_PREPROCESS, resize: 32, crop: 24 };
  const cache = new TensorCache(path.join(dir, 'cache'));
  let decodes = 0;
  const decode: ImageDecoder = (file, s) => {
    decodes++;
    return cropImage(file, s);
  };
  const run = async () => {
    const batches: Batch[] = [];
    for await (const batch of loadBatches(test, spec, { batchSize: 4, cache, decode })) batches.push(batch);
    return batches;
  };

  const first = await run();
  const decodedFirst = decodes;
  const second = await run();

  const images = first.flatMap((batch) => batch.files);
  const skipped = first.flatMap((batch) => batch.skipped.map((entry) => entry.file));
  expect(images.length + skipped.length).toBe(10);
  expect(first.every((batch) => batch.dims[1] === 3 && batch.dims[2] === 24 && batch.dims[3] === 24)).toBe(
    true,
  );
  const labelOf = new Map(dataset.items.map((item) => [item.file, item.label]));
  for (const batch of first) {
    expect([...batch.labels]).toEqual(batch.files.map((file) => labelOf.get(file)));
    for (const label of batch.labels) expect(LABELS).toContain(label);
  }
  expect(decodedFirst).toBe(10);
  // Only an unreadable image, which has no cache entry, is tried again.
  expect(decodes - decodedFirst).toBe(skipped.length);
  expect(second.map((batch) => batch.tensor)).toEqual(first.map((batch) => batch.tensor));
});
