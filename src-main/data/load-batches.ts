// Streams a dataset as NCHW (or NHWC) float32 batches, decoding a few images at a time and skipping unreadable ones.
import { imageDims, type PreprocessSpec } from '../../src-shared/config/preprocess';
import { DatasetError, UnreadableImageError } from './dataset-error';
import type { DatasetItem, SkippedFile } from './dataset-types';
import { cropNormaliser, type CropNormaliser } from './normalise-crop';
import { cropImage } from './preprocess-image';
import type { TensorCache } from './tensor-cache';

export interface Batch {
  /** n images, NCHW or NHWC as the spec's layout says. */
  tensor: Float32Array;
  dims: [n: number, c: number, h: number, w: number];
  labels: Int32Array;
  files: string[];
  /** Images that could not be read while filling this batch, with the reason. */
  skipped: SkippedFile[];
}

/** Turns one image into its 8-bit crop (cropImage); injectable so tests can count decodes. */
export type ImageDecoder = (file: string, spec: PreprocessSpec) => Promise<Uint8Array>;

export interface LoadBatchesOptions {
  batchSize: number;
  cache?: TensorCache;
  /** Images decoded at once; sharp runs on libuv's pool, whose default size is 4. */
  concurrency?: number;
  decode?: ImageDecoder;
}

/**
 * Yields batches in item order. Every batch but the last holds exactly batchSize images: an unreadable image is
 * reported in `skipped` and its place taken by the next item. The last batch may hold no images at all when every
 * remaining file was unreadable; it is still yielded so those files are reported. Only one batch of tensors is
 * held at a time: the next is decoded after the caller asks for it.
 */
export async function* loadBatches(
  items: readonly DatasetItem[],
  spec: PreprocessSpec,
  options: LoadBatchesOptions,
): AsyncGenerator<Batch> {
  const { batchSize, concurrency = 4 } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  }
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  }
  const dims = imageDims(spec);
  const imageSize = dims[0] * dims[1] * dims[2];
  const decodeOne = cachedDecoder(spec, options);
  const normalise = cropNormaliser(spec);
  let next = 0;
  while (next < items.length) {
    const batch = new BatchBuilder(batchSize, imageSize, normalise);
    while (!batch.full() && next < items.length) {
      const wanted = items.slice(next, next + batchSize - batch.count);
      next += wanted.length;
      await batch.fill(wanted, decodeOne, concurrency);
    }
    yield batch.finish(dims);
  }
}

function cachedDecoder(
  spec: PreprocessSpec,
  options: LoadBatchesOptions,
): (file: string) => Promise<Uint8Array> {
  const decode = options.decode ?? cropImage;
  const { cache } = options;
  if (!cache) return (file) => decode(file, spec);
  return (file) => cache.getOrCompute(file, spec, () => decode(file, spec));
}

/** One batch's tensor, filled in place so no second copy of the batch is ever held. */
class BatchBuilder {
  private readonly tensor: Float32Array;
  private readonly labels: number[] = [];
  private readonly files: string[] = [];
  private readonly skipped: SkippedFile[] = [];

  constructor(
    private readonly capacity: number,
    private readonly imageSize: number,
    private readonly normalise: CropNormaliser,
  ) {
    this.tensor = new Float32Array(capacity * imageSize);
  }

  get count(): number {
    return this.files.length;
  }

  full(): boolean {
    return this.count === this.capacity;
  }

  /** Decodes into the free slots, then closes the gaps left by unreadable images so the order is kept. */
  async fill(
    items: readonly DatasetItem[],
    decode: (file: string) => Promise<Uint8Array>,
    concurrency: number,
  ) {
    const first = this.count;
    const failures = new Map<number, string>();
    await forEachConcurrently(items.length, concurrency, async (index) => {
      const { file } = items[index];
      try {
        const crop = await decode(file);
        if (crop.length !== this.imageSize) {
          throw new DatasetError(
            file,
            `${file} decoded to ${crop.length} values, expected ${this.imageSize}`,
          );
        }
        this.normalise(crop, this.tensor, (first + index) * this.imageSize);
      } catch (error) {
        if (!(error instanceof UnreadableImageError)) throw error;
        failures.set(index, error.message);
      }
    });
    for (const [index, { file, label }] of items.entries()) {
      const reason = failures.get(index);
      if (reason !== undefined) {
        this.skipped.push({ file, reason });
        continue;
      }
      const from = (first + index) * this.imageSize;
      this.tensor.copyWithin(this.count * this.imageSize, from, from + this.imageSize);
      this.labels.push(label);
      this.files.push(file);
    }
  }

  finish(image: [number, number, number]): Batch {
    const used = this.count * this.imageSize;
    return {
      tensor: this.full() ? this.tensor : this.tensor.slice(0, used),
      dims: [this.count, ...image],
      labels: Int32Array.from(this.labels),
      files: this.files,
      skipped: this.skipped,
    };
  }
}

/** Runs task(0..count-1) with at most `limit` running at once. */
async function forEachConcurrently(count: number, limit: number, task: (index: number) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}
