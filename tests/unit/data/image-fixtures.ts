// Test fixtures: temporary folders and small images written with sharp from known pixel arrays.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';

export interface RawImage {
  /** Interleaved (HWC) 8-bit samples. */
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

export async function makeTempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'crossbar-data-test-'));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** A deterministic, position-dependent pattern, so crops and shifts show up as wrong values. */
export function patternImage(width: number, height: number, channels: RawImage['channels'] = 3): RawImage {
  const data = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++)
        data[(y * width + x) * channels + c] = (x * 37 + y * 11 + c * 71 + x * y) % 256;
    }
  }
  return { data, width, height, channels };
}

export function constantImage(width: number, height: number, rgb: [number, number, number]): RawImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) data.set(rgb, i * 3);
  return { data, width, height, channels: 3 };
}

/** Written in the format its extension names (.png, .jpg/.jpeg, .webp, .tif/.tiff), lossless where possible. */
export async function writeImage(file: string, image: RawImage): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const { width, height, channels } = image;
  const encoder = sharp(image.data, { raw: { width, height, channels } });
  const extension = path.extname(file).toLowerCase();
  const encoded =
    extension === '.png'
      ? encoder.png()
      : extension === '.webp'
        ? encoder.webp({ lossless: true })
        : extension === '.tif' || extension === '.tiff'
          ? encoder.tiff()
          : encoder.jpeg({ quality: 100, chromaSubsampling: '4:4:4' });
  await encoded.toFile(file);
}

/** A small valid image, for tests that only care that the file exists with an image extension. */
export async function writeAnyImage(file: string): Promise<void> {
  await writeImage(file, patternImage(4, 3));
}

export async function writeText(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
}

/** A JPEG cut short, as a download interrupted part-way leaves it. */
export async function writeTruncatedJpeg(file: string): Promise<void> {
  await writeImage(file, patternImage(64, 48));
  const whole = await readFile(file);
  await writeFile(file, whole.subarray(0, Math.floor(whole.length * 0.6)));
}

/** The repository's list of the 1000 ImageNet WordNet IDs, sorted: the model output order. */
export async function sortedImagenetWnids(): Promise<string[]> {
  const resource = new URL('../../../resources/imagenet/devkit-synsets.txt', import.meta.url);
  const text = await readFile(resource, 'utf8');
  return text.split('\n').filter(Boolean).sort();
}
