// openDataset: layout detection, labels and class names for each layout, and clear errors for bad folders.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatasetError } from '../../../src-main/data/dataset-error';
import { openDataset } from '../../../src-main/data/open-dataset';
import { makeTempDir, removeDir, sortedImagenetWnids, writeAnyImage, writeText } from './image-fixtures';

// Model output indices every torchvision/Keras ImageNet model uses (position in the sorted WordNet-ID list).
const TENCH = { wnid: 'n01440764', label: 0 };
const SEA_SNAKE = { wnid: 'n01751748', label: 65 };
const SHETLAND_SHEEPDOG = { wnid: 'n02105855', label: 230 };
const ALP = { wnid: 'n09193705', label: 970 };
const TOILET_TISSUE = { wnid: 'n15075141', label: 999 };

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await removeDir(dir);
});

const relative = (file: string) => path.relative(dir, file).split(path.sep).join('/');
const valImage = (n: number) => `ILSVRC2012_val_${String(n).padStart(8, '0')}.JPEG`;

async function expectDatasetError(promise: Promise<unknown>, file: string, ...fragments: string[]) {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(DatasetError);
  expect((error as DatasetError).file).toBe(file);
  for (const fragment of fragments) expect((error as DatasetError).message).toContain(fragment);
}

describe('class folders', () => {
  it('numbers classes by code-unit order of folder names and lists images at any depth', async () => {
    await writeAnyImage(path.join(dir, 'cat', 'a.png'));
    await writeAnyImage(path.join(dir, 'cat', 'b.JPG'));
    await writeAnyImage(path.join(dir, 'Dog', 'x.jpeg'));
    await writeAnyImage(path.join(dir, 'bird', 'nested', 'y.webp'));
    await writeAnyImage(path.join(dir, 'bird', 'z.TIFF'));
    await writeText(path.join(dir, 'aardvark', 'notes.txt'), 'no images here');
    await writeText(path.join(dir, 'cat', '.DS_Store'), 'hidden');
    await writeAnyImage(path.join(dir, '.thumbnails', 'cached.png'));
    await writeText(path.join(dir, 'README.md'), 'about');
    await writeAnyImage(path.join(dir, 'stray.png'));

    const dataset = await openDataset(dir);

    expect(dataset.layout).toBe('class-folders');
    expect(dataset.root).toBe(path.resolve(dir));
    // Upper case sorts before lower case, as in Python's sorted(); the image-less folder keeps its place.
    expect(dataset.classNames).toEqual(['Dog', 'aardvark', 'bird', 'cat']);
    expect(dataset.items.map((item) => [relative(item.file), item.label])).toEqual([
      ['Dog/x.jpeg', 0],
      ['bird/nested/y.webp', 2],
      ['bird/z.TIFF', 2],
      ['cat/a.png', 3],
      ['cat/b.JPG', 3],
    ]);
    expect(dataset.skipped.map((entry) => relative(entry.file))).toEqual([
      'README.md',
      'aardvark/notes.txt',
      'stray.png',
    ]);
    expect(dataset.skipped[0].reason).toContain('not an image file (.md');
    expect(dataset.skipped[2].reason).toContain('outside any class folder');
  });

  it('treats WordNet-ID folders that are not all ImageNet-1k classes as plain class folders', async () => {
    await writeAnyImage(path.join(dir, TENCH.wnid, 'a.jpg'));
    await writeAnyImage(path.join(dir, 'n99999999', 'b.jpg'));
    const dataset = await openDataset(dir);
    expect(dataset.layout).toBe('class-folders');
    expect(dataset.items.map((item) => item.label)).toEqual([0, 1]);
  });
});

describe('WordNet-ID folders', () => {
  beforeEach(async () => {
    await writeAnyImage(path.join(dir, 'val', TOILET_TISSUE.wnid, 'ILSVRC2012_val_00000009.JPEG'));
    await writeAnyImage(path.join(dir, 'val', TENCH.wnid, 'ILSVRC2012_val_00000002.JPEG'));
    await writeAnyImage(path.join(dir, 'val', SEA_SNAKE.wnid, 'ILSVRC2012_val_00000001.JPEG'));
  });

  it('labels a partial copy with indices among all 1000 ImageNet classes', async () => {
    const dataset = await openDataset(path.join(dir, 'val'));
    expect(dataset.layout).toBe('wnid-folders');
    expect(dataset.classNames).toHaveLength(1000);
    expect(dataset.classNames[SEA_SNAKE.label]).toBe(SEA_SNAKE.wnid);
    expect(dataset.items.map((item) => item.label)).toEqual([
      TENCH.label,
      SEA_SNAKE.label,
      TOILET_TISSUE.label,
    ]);
  });

  it('takes human-readable names from a LOC_synset_mapping.txt in a parent folder', async () => {
    const wnids = await sortedImagenetWnids();
    await writeText(
      path.join(dir, 'LOC_synset_mapping.txt'),
      wnids.map((wnid) => `${wnid} name of ${wnid}, alias`).join('\n') + '\n',
    );
    const dataset = await openDataset(path.join(dir, 'val'));
    expect(dataset.classNames[TENCH.label]).toBe(`name of ${TENCH.wnid}, alias`);
    expect(dataset.classNames[TOILET_TISSUE.label]).toBe(`name of ${TOILET_TISSUE.wnid}, alias`);
  });

  it('rejects a LOC_synset_mapping.txt that lacks a class, naming the file and the class', async () => {
    const wnids = await sortedImagenetWnids();
    const mapping = path.join(dir, 'LOC_synset_mapping.txt');
    await writeText(
      mapping,
      wnids
        .filter((wnid) => wnid !== ALP.wnid)
        .map((wnid) => `${wnid} x`)
        .join('\n'),
    );
    await expectDatasetError(openDataset(path.join(dir, 'val')), mapping, mapping, ALP.wnid);
  });

  it('numbers them as their own classes when class-folders is asked for (a model trained on the subset)', async () => {
    const dataset = await openDataset(path.join(dir, 'val'), { layout: 'class-folders' });
    expect(dataset.layout).toBe('class-folders');
    expect(dataset.classNames).toEqual([TENCH.wnid, SEA_SNAKE.wnid, TOILET_TISSUE.wnid]);
    expect(dataset.items.map((item) => item.label)).toEqual([0, 1, 2]);
  });
});

describe('flat ILSVRC2012 validation folder', () => {
  async function writeValImages(folder: string, count: number) {
    for (let n = 1; n <= count; n++) await writeAnyImage(path.join(folder, valImage(n)));
  }

  const kaggleRow = (n: number, wnid: string) =>
    `ILSVRC2012_val_${String(n).padStart(8, '0')},${wnid} 1 2 30 40 ${wnid} 5 6 70 80`;

  it("labels images from Kaggle's LOC_val_solution.csv found three folders up", async () => {
    const val = path.join(dir, 'ILSVRC', 'Data', 'CLS-LOC', 'val');
    await writeValImages(val, 3);
    const csv = path.join(dir, 'LOC_val_solution.csv');
    const rows = [
      kaggleRow(3, TENCH.wnid),
      kaggleRow(1, SEA_SNAKE.wnid),
      kaggleRow(7, TENCH.wnid),
      kaggleRow(2, ALP.wnid),
    ];
    await writeText(csv, `ImageId,PredictionString\r\n${rows.join('\r\n')}\r\n`);

    const dataset = await openDataset(val);

    expect(dataset.layout).toBe('ilsvrc-flat');
    expect(dataset.labelsFile).toBe(csv);
    expect(dataset.classNames).toHaveLength(1000);
    expect(dataset.classNames[ALP.label]).toBe(ALP.wnid);
    expect(dataset.items.map((item) => [path.basename(item.file), item.label])).toEqual([
      [valImage(1), SEA_SNAKE.label],
      [valImage(2), ALP.label],
      [valImage(3), TENCH.label],
    ]);
  });

  it("maps the devkit's ILSVRC2012_IDs (meta.mat order) to sorted-WordNet-ID indices", async () => {
    await writeValImages(dir, 3);
    // The first three lines of the real devkit file: sea snake, alp, Shetland sheepdog.
    const groundTruth = path.join(
      dir,
      'ILSVRC2012_devkit_t12',
      'data',
      'ILSVRC2012_validation_ground_truth.txt',
    );
    await writeText(groundTruth, '490\n361\n171\n');
    await writeText(path.join(dir, 'ILSVRC2012_devkit_t12', 'readme.txt'), 'devkit');

    const dataset = await openDataset(dir);

    expect(dataset.layout).toBe('ilsvrc-flat');
    expect(dataset.labelsFile).toBe(groundTruth);
    expect(dataset.items.map((item) => item.label)).toEqual([
      SEA_SNAKE.label,
      ALP.label,
      SHETLAND_SHEEPDOG.label,
    ]);
    expect(dataset.skipped).toEqual([]);
  });

  it('uses a ground-truth file named by labelsFile, and does not report it or the names file as strays', async () => {
    await writeValImages(dir, 2);
    const groundTruth = path.join(dir, 'my-labels.txt');
    await writeText(groundTruth, '490\n361\n');
    const wnids = await sortedImagenetWnids();
    await writeText(
      path.join(dir, 'LOC_synset_mapping.txt'),
      wnids.map((wnid) => `${wnid} ${wnid}-name`).join('\n'),
    );
    await writeText(path.join(dir, 'notes.txt'), 'mine');

    const dataset = await openDataset(dir, { labelsFile: groundTruth });

    expect(dataset.items.map((item) => item.label)).toEqual([SEA_SNAKE.label, ALP.label]);
    expect(dataset.classNames[SEA_SNAKE.label]).toBe(`${SEA_SNAKE.wnid}-name`);
    expect(dataset.skipped.map((entry) => path.basename(entry.file))).toEqual(['notes.txt']);
  });

  it('names the ground truth and the first image without an entry (Kaggle)', async () => {
    await writeValImages(dir, 3);
    const csv = path.join(dir, 'LOC_val_solution.csv');
    await writeText(
      csv,
      `ImageId,PredictionString\n${kaggleRow(1, TENCH.wnid)}\n${kaggleRow(3, TENCH.wnid)}\n`,
    );
    await expectDatasetError(openDataset(dir), csv, csv, `no entry for image ${path.join(dir, valImage(2))}`);
  });

  it('names the devkit file, its line count and the first image beyond it', async () => {
    await writeValImages(dir, 3);
    const groundTruth = path.join(dir, 'ILSVRC2012_validation_ground_truth.txt');
    await writeText(groundTruth, '490\n361\n');
    await expectDatasetError(openDataset(dir), groundTruth, 'has 2 lines', valImage(3));
  });

  it('names the line of a devkit id outside 1..1000', async () => {
    await writeValImages(dir, 2);
    const groundTruth = path.join(dir, 'ILSVRC2012_validation_ground_truth.txt');
    await writeText(groundTruth, '490\n1001\n');
    await expectDatasetError(openDataset(dir), groundTruth, `${groundTruth} line 2`, '"1001"');
  });

  it('names the line of a Kaggle WordNet ID that is not an ImageNet-1k class', async () => {
    await writeValImages(dir, 1);
    const csv = path.join(dir, 'LOC_val_solution.csv');
    await writeText(csv, `ImageId,PredictionString\n${kaggleRow(1, 'n99999999')}\n`);
    await expectDatasetError(openDataset(dir), csv, `${csv} line 2`, 'n99999999');
  });

  it('names an image that the devkit ground truth cannot refer to', async () => {
    await writeValImages(dir, 1);
    await writeAnyImage(path.join(dir, 'holiday.jpg'));
    await writeText(path.join(dir, 'ILSVRC2012_validation_ground_truth.txt'), '490\n');
    const image = path.join(dir, 'holiday.jpg');
    await expectDatasetError(openDataset(dir), image, 'not named ILSVRC2012_val_NNNNNNNN');
  });

  it('rejects a labels file in neither format', async () => {
    await writeValImages(dir, 1);
    const labels = path.join(dir, 'labels.csv');
    await writeText(labels, 'file,label\na,1\n');
    await expectDatasetError(openDataset(dir, { labelsFile: labels }), labels, 'not a ground-truth file');
  });

  it('says where it looked when there is no ground truth', async () => {
    await writeValImages(dir, 1);
    await expectDatasetError(openDataset(dir), dir, 'LOC_val_solution.csv', 'parent folders', 'labelsFile');
  });
});

describe('bad folders', () => {
  it('reports a missing folder', async () => {
    const missing = path.join(dir, 'nope');
    await expectDatasetError(openDataset(missing), missing, 'not found');
  });

  it('reports a file given as the folder', async () => {
    const file = path.join(dir, 'a.png');
    await writeAnyImage(file);
    await expectDatasetError(openDataset(file), file, 'not a dataset folder');
  });

  it('reports an empty folder and one with no images', async () => {
    await expectDatasetError(openDataset(dir), dir, 'no images');
    await writeText(path.join(dir, 'cats', 'readme.txt'), 'x');
    await expectDatasetError(openDataset(dir), dir, 'no images');
  });

  it('rejects a labels file for class folders and a layout that does not match', async () => {
    await writeAnyImage(path.join(dir, 'cats', 'a.png'));
    await expectDatasetError(openDataset(dir, { labelsFile: path.join(dir, 'x.csv') }), dir, 'class folders');
    await expectDatasetError(openDataset(dir, { layout: 'ilsvrc-flat' }), dir, 'class-folders layout');
  });
});
