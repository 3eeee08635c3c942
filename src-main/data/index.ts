// The dataset layer's public surface: open a folder, pick subsets, and stream preprocessed batches.
export { DatasetError, UnreadableImageError } from './dataset-error';
export type { Dataset, DatasetItem, DatasetLayout, SkippedFile } from './dataset-types';
export { openDataset, type OpenDatasetOptions } from './open-dataset';
export { cropImage, preprocessImage } from './preprocess-image';
export { DEFAULT_CACHE_MAX_BYTES, TensorCache, type TensorCacheOptions } from './tensor-cache';
export { cacheUsage, clearCacheFolder, type CacheUsage } from './tensor-cache-folder';
export { loadBatches, type Batch, type ImageDecoder, type LoadBatchesOptions } from './load-batches';
export {
  selectCalibrationAndTest,
  selectSubset,
  SubsetSizeError,
  type CalibrationAndTestOptions,
  type SubsetOptions,
} from './subsets';
