// preprocessImage against values computed independently from the raw pixels the fixtures were written from.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IMAGENET_PREPROCESS, type PreprocessSpec } from '../../../src-shared/config/preprocess';
import { UnreadableImageError } from '../../../src-main/data/dataset-error';
import { preprocessImage } from '../../../src-main/data/preprocess-image';
import {
  constantImage,
  makeTempDir,
  patternImage,
  removeDir,
  writeImage,
  writeText,
  writeTruncatedJpeg,
  type RawImage,
} from './image-fixtures';

const MEAN = [0.485, 0.456, 0.406];
const STD = [0.229, 0.224, 0.225];

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await removeDir(dir);
});

function spec(overrides: Partial<PreprocessSpec>): PreprocessSpec {
  return { ...IMAGENET_PREPROCESS, ...overrides };
}

/** torchvision's ToTensor + Normalize for one 8-bit sample. */
const normalised = (sample: number, channel: number) => (sample / 255 - MEAN[channel]) / STD[channel];

/** The 8-bit sample a normalised value came from (inverse of `normalised`). */
const sampleOf = (value: number, channel: number) => (value * STD[channel] + MEAN[channel]) * 255;

async function writeFixture(name: string, image: RawImage): Promise<string> {
  const file = path.join(dir, name);
  await writeImage(file, image);
  return file;
}

describe('without resizing', () => {
  it('centre-crops a lossless PNG and normalises every channel, offsets rounded half to even', async () => {
    const image = patternImage(7, 9);
    const file = await writeFixture('pattern.png', image);

    const tensor = await preprocessImage(file, spec({ resize: 0, crop: 4 }));

    // (7 - 4) / 2 = 1.5 and (9 - 4) / 2 = 2.5 both round to 2 in Python.
    const [top, left] = [2, 2];
    expect(tensor).toHaveLength(3 * 4 * 4);
    for (let c = 0; c < 3; c++) {
      for (let y = 0; y < 4; y++) {
        for (let x = 0; x < 4; x++) {
          const sample = image.data[((y + top) * image.width + x + left) * 3 + c];
          expect(tensor[(c * 4 + y) * 4 + x]).toBeCloseTo(normalised(sample, c), 6);
        }
      }
    }
  });

  it('lays the same values out channels last for an NHWC model', async () => {
    const image = patternImage(7, 9);
    const file = await writeFixture('pattern.png', image);
    const tensor = await preprocessImage(file, spec({ resize: 0, crop: [4, 5], layout: 'nhwc' }));
    const [top, left] = [2, 1]; // (9 - 4) / 2 = 2.5 → 2 and (7 - 5) / 2 = 1
    expect(tensor).toHaveLength(4 * 5 * 3);
    for (let y = 0; y < 4; y++) {
      for (let x = 0; x < 5; x++) {
        for (let c = 0; c < 3; c++) {
          const sample = image.data[((y + top) * image.width + x + left) * 3 + c];
          expect(tensor[(y * 5 + x) * 3 + c]).toBeCloseTo(normalised(sample, c), 6);
        }
      }
    }
  });

  it('pads an image smaller than the crop with zeros, as torchvision does', async () => {
    const image = patternImage(3, 2);
    const file = await writeFixture('small.png', image);

    const tensor = await preprocessImage(file, spec({ resize: 0, crop: 4 }));

    // One zero row above (floor(2 / 2)), one below; no column before (floor(1 / 2)), one after.
    for (let c = 0; c < 3; c++) {
      for (let y = 0; y < 4; y++) {
        for (let x = 0; x < 4; x++) {
          const inside = y >= 1 && y <= 2 && x <= 2;
          const sample = inside ? image.data[((y - 1) * 3 + x) * 3 + c] : 0;
          expect(tensor[(c * 4 + y) * 4 + x]).toBeCloseTo(normalised(sample, c), 6);
        }
      }
    }
  });

  it('replicates a greyscale source into three equal channels', async () => {
    const grey = patternImage(5, 5, 1);
    const file = await writeFixture('grey.png', grey);
    const tensor = await preprocessImage(file, spec({ resize: 0, crop: 5, mean: [0.5], std: [0.25] }));
    for (let i = 0; i < 25; i++) {
      const sample = grey.data[i];
      for (let c = 0; c < 3; c++) expect(tensor[c * 25 + i]).toBeCloseTo((sample / 255 - 0.5) / 0.25, 6);
    }
  });

  it('drops alpha without premultiplying, keeping the colour of transparent pixels', async () => {
    const rgba = patternImage(4, 4, 4);
    for (let i = 0; i < 16; i++) rgba.data[i * 4 + 3] = i * 17; // alpha from 0 (transparent) to 255
    const file = await writeFixture('alpha.png', rgba);
    const tensor = await preprocessImage(file, spec({ resize: 0, crop: 4 }));
    for (let i = 0; i < 16; i++) {
      for (let c = 0; c < 3; c++)
        expect(tensor[c * 16 + i]).toBeCloseTo(normalised(rgba.data[i * 4 + c], c), 6);
    }
  });

  it('takes the ITU-R 601 luma of an RGB source for one channel', async () => {
    const image = patternImage(6, 6);
    const file = await writeFixture('colour.png', image);
    const tensor = await preprocessImage(
      file,
      spec({ resize: 0, crop: 6, channels: 1, mean: [0], std: [1] }),
    );
    expect(tensor).toHaveLength(36);
    for (let i = 0; i < 36; i++) {
      const [r, g, b] = image.data.subarray(i * 3, i * 3 + 3);
      // PIL rounds the weighted sum to 8 bits; allow that rounding.
      expect(Math.abs(tensor[i] * 255 - (0.299 * r + 0.587 * g + 0.114 * b))).toBeLessThanOrEqual(0.5 + 1e-6);
    }
  });

  it('decodes a JPEG to about its source pixels', async () => {
    const image = constantImage(16, 16, [200, 120, 40]);
    const file = await writeFixture('flat.jpg', image);
    const tensor = await preprocessImage(file, spec({ resize: 0, crop: 16 }));
    for (let c = 0; c < 3; c++)
      expect(Math.abs(sampleOf(tensor[c * 256 + 100], c) - image.data[c])).toBeLessThan(2);
  });
});

describe('with resizing', () => {
  it('keeps a constant colour exactly when shrinking', async () => {
    const file = await writeFixture('constant.png', constantImage(40, 30, [12, 200, 99]));
    const tensor = await preprocessImage(file, spec({ resize: 20, crop: [20, 26] }));
    // 40x30 -> 26x20 (shorter side 20, longer int(20 * 40 / 30) = 26), cropped to all of it.
    expect(tensor).toHaveLength(3 * 20 * 26);
    for (let c = 0; c < 3; c++) {
      for (let i = 0; i < 20 * 26; i++)
        expect(tensor[c * 520 + i]).toBeCloseTo(normalised([12, 200, 99][c], c), 6);
    }
  });

  it('halves a horizontal ramp onto the values at the new pixel centres', async () => {
    // Sample 4x in column x; halving puts output column x over source position 2x + 0.5, where the ramp is 8x + 2.
    const ramp = patternImage(64, 48, 1);
    for (let y = 0; y < 48; y++) for (let x = 0; x < 64; x++) ramp.data[y * 64 + x] = 4 * x;
    const file = await writeFixture('ramp.png', ramp);
    const tensor = await preprocessImage(file, spec({ resize: 24, crop: [24, 32], mean: [0], std: [1] }));
    for (let y = 0; y < 24; y++) {
      // The outermost columns differ from PIL by design (edge handling), so only the interior is checked.
      for (let x = 1; x < 31; x++)
        expect(Math.abs(tensor[y * 32 + x] * 255 - (8 * x + 2))).toBeLessThanOrEqual(0.5);
    }
  });

  it("matches PIL's antialiased bilinear resize away from the border: within 2 grey levels, 0.5 on average", async () => {
    // libvips rounds between its horizontal and vertical passes and uses fixed-point weights, so on a
    // high-contrast pattern single pixels stray by up to two levels from the exact (floating-point) filter.
    const image = patternImage(50, 40);
    const file = await writeFixture('pattern.png', image);
    // 50x40 -> 37x30 (int(30 * 50 / 40) = 37), cropped to all of it.
    const tensor = await preprocessImage(file, spec({ resize: 30, crop: [30, 37], mean: [0], std: [1] }));
    const expected = pilBilinear(image, 37, 30);
    const differences: number[] = [];
    for (let c = 0; c < 3; c++) {
      for (let y = 1; y < 29; y++) {
        for (let x = 1; x < 36; x++) {
          differences.push(Math.abs(tensor[(c * 30 + y) * 37 + x] * 255 - expected[(y * 37 + x) * 3 + c]));
        }
      }
    }
    expect(Math.max(...differences)).toBeLessThanOrEqual(2);
    expect(differences.reduce((sum, d) => sum + d, 0) / differences.length).toBeLessThanOrEqual(0.5);
  });

  it("matches PIL's bilinear enlargement of a small image within one grey level, edges included", async () => {
    const image = patternImage(20, 16);
    const file = await writeFixture('small.png', image);
    // 20x16 -> 30x24 (int(24 * 20 / 16) = 30), cropped to all of it.
    const tensor = await preprocessImage(file, spec({ resize: 24, crop: [24, 30], mean: [0], std: [1] }));
    const expected = pilBilinear(image, 30, 24);
    for (let c = 0; c < 3; c++) {
      for (let i = 0; i < 24 * 30; i++) {
        expect(Math.abs(tensor[c * 720 + i] * 255 - expected[i * 3 + c])).toBeLessThanOrEqual(1);
      }
    }
  });

  it('produces the standard 3x224x224 ImageNet tensor from a 500x375 JPEG', async () => {
    const file = await writeFixture('photo.jpg', patternImage(500, 375));
    const tensor = await preprocessImage(file, IMAGENET_PREPROCESS);
    expect(tensor).toHaveLength(3 * 224 * 224);
    expect(tensor.every(Number.isFinite)).toBe(true);
  });
});

describe('unreadable files', () => {
  async function expectUnreadable(file: string, reason: string) {
    const error = await preprocessImage(file, IMAGENET_PREPROCESS).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(UnreadableImageError);
    expect((error as UnreadableImageError).file).toBe(file);
    expect((error as UnreadableImageError).message).toContain(file);
    expect((error as UnreadableImageError).message.toLowerCase()).toContain(reason);
  }

  it('names a truncated JPEG and says it ended early', async () => {
    const file = path.join(dir, 'cut.jpg');
    await writeTruncatedJpeg(file);
    await expectUnreadable(file, 'premature end');
  });

  it('names a text file with an image extension', async () => {
    const file = path.join(dir, 'fake.jpg');
    await writeText(file, 'this is not a JPEG');
    await expectUnreadable(file, 'unsupported image format');
  });

  it('names an empty file and a missing one', async () => {
    const empty = path.join(dir, 'empty.png');
    await writeFile(empty, '');
    await expectUnreadable(empty, 'cannot decode');
    await expectUnreadable(path.join(dir, 'missing.png'), 'no such file');
  });
});

/**
 * PIL's BILINEAR resize (Resample.c), in floating point: a triangle filter whose support widens by the scale when
 * shrinking, centred on (x + 0.5) * scale, with weights renormalised where they fall off the image.
 */
function pilBilinear(image: RawImage, width: number, height: number): Float64Array {
  const columns = filterTaps(image.width, width);
  const rows = filterTaps(image.height, height);
  const out = new Float64Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (const row of rows[y]) {
          for (const column of columns[x]) {
            sum += row.weight * column.weight * image.data[(row.index * image.width + column.index) * 3 + c];
          }
        }
        out[(y * width + x) * 3 + c] = sum;
      }
    }
  }
  return out;
}

function filterTaps(inSize: number, outSize: number): { index: number; weight: number }[][] {
  const scale = inSize / outSize;
  const support = Math.max(scale, 1);
  return Array.from({ length: outSize }, (_, x) => {
    const centre = (x + 0.5) * scale;
    const first = Math.max(Math.trunc(centre - support + 0.5), 0);
    const end = Math.min(Math.trunc(centre + support + 0.5), inSize);
    const taps = [];
    for (let index = first; index < end; index++) {
      taps.push({ index, weight: Math.max(0, 1 - Math.abs((index - centre + 0.5) / support)) });
    }
    const total = taps.reduce((sum, tap) => sum + tap.weight, 0);
    return taps.map((tap) => ({ index: tap.index, weight: tap.weight / total }));
  });
}
