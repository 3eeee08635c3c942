// The dataset layer's public surface: open a folder, pick subsets, and stream preprocessed batches.
export { DatasetError, UnreadableImageError } from './dataset-error';
export type { Dataset, DatasetItem, DatasetLayout, SkippedFile } from './dataset-types';
export { openDataset, type OpenDatasetOptions } from './open-dataset';
export { preprocessImage } from './preprocess-image';
export { TensorCache } from './tensor-cache';
export { loadBatches, type Batch, type ImageDecoder, type LoadBatchesOptions } from './load-batches';
export {
  selectCalibrationAndTest,
  selectSubset,
  SubsetSizeError,
  type CalibrationAndTestOptions,
  type SubsetOptions,
} from './subsets';
