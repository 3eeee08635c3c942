// An on-disk cache of preprocessed image tensors, so later passes over the same images skip decoding.
import { randomUUID, createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { cropHeightWidth, type PreprocessSpec } from '../../src-shared/config/preprocess';
import { DatasetError, UnreadableImageError, reasonOf } from './dataset-error';

/** Bump when preprocessing changes its output, so entries written by older code are never read. */
const PREPROCESS_VERSION = 1;

/** Entry layout: magic, value count (uint32 LE), CRC-32 of the values (uint32 LE), then the float32 values. */
const MAGIC = Buffer.from('XBT1', 'ascii');
const HEADER_BYTES = 12;

/**
 * Each entry is keyed by the image's absolute path, size and modification time and by the preprocessing spec, so
 * editing an image or changing the spec misses instead of returning a stale tensor.
 */
export class TensorCache {
  constructor(readonly cacheDir: string) {}

  /** The cached tensor of `file` under `spec`, or `compute()`'s result, which is then stored. */
  async getOrCompute(
    file: string,
    spec: PreprocessSpec,
    compute: () => Promise<Float32Array>,
  ): Promise<Float32Array> {
    const entry = await this.entryPath(file, spec);
    const cached = await readEntry(entry, valueCount(spec));
    if (cached) return cached;
    const tensor = await compute();
    await writeEntry(entry, tensor);
    return tensor;
  }

  private async entryPath(file: string, spec: PreprocessSpec): Promise<string> {
    const source = path.resolve(file);
    const info = await stat(source).catch((error: unknown) => {
      throw new UnreadableImageError(file, `cannot read image ${file}: ${reasonOf(error)}`, { cause: error });
    });
    const key = createHash('sha256')
      .update(JSON.stringify([PREPROCESS_VERSION, source, info.size, info.mtimeMs, canonicalSpec(spec)]))
      .digest('hex');
    return path.join(this.cacheDir, key.slice(0, 2), `${key}.f32`);
  }
}

/** Field order fixed and crop spelt out, so equal specs give equal keys however they were written. */
function canonicalSpec(spec: PreprocessSpec): unknown[] {
  // Channels-last tensors are their own entries; the NCHW ones keep the keys they had before layouts existed.
  const layout = spec.layout === 'nhwc' ? ['nhwc'] : [];
  return [spec.resize, cropHeightWidth(spec), spec.channels, spec.mean, spec.std, ...layout];
}

function valueCount(spec: PreprocessSpec): number {
  const [height, width] = cropHeightWidth(spec);
  return spec.channels * height * width;
}

/** A missing, short or damaged entry is a miss: it is simply computed and written again. */
async function readEntry(entry: string, expectedCount: number): Promise<Float32Array | undefined> {
  const bytes = await readFile(entry).catch(() => undefined);
  if (!bytes || bytes.length !== HEADER_BYTES + expectedCount * 4) return undefined;
  if (!bytes.subarray(0, 4).equals(MAGIC) || bytes.readUInt32LE(4) !== expectedCount) return undefined;
  const values = bytes.subarray(HEADER_BYTES);
  if (crc32(values) !== bytes.readUInt32LE(8)) return undefined;
  // Copied out because a Buffer's byte offset need not be a multiple of 4, which a Float32Array view requires.
  const tensor = new Float32Array(expectedCount);
  new Uint8Array(tensor.buffer).set(values);
  return tensor;
}

/** Written to a temporary name and renamed into place, so a killed process never leaves a partial entry. */
async function writeEntry(entry: string, tensor: Float32Array): Promise<void> {
  const values = Buffer.from(tensor.buffer, tensor.byteOffset, tensor.byteLength);
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header, 0);
  header.writeUInt32LE(tensor.length, 4);
  header.writeUInt32LE(crc32(values), 8);
  const temporary = `${entry}.${randomUUID()}.tmp`;
  try {
    await mkdir(path.dirname(entry), { recursive: true });
    await writeFile(temporary, Buffer.concat([header, values]));
    await rename(temporary, entry);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw new DatasetError(entry, `cannot write tensor cache entry ${entry}: ${reasonOf(error)}`, {
      cause: error,
    });
  }
}
