// The one contract between the UI and the backend: every method's request schema (validated before a request
// reaches app/), its result type, the events pushed to clients, and the errors a UI shows. Transports (Electron
// IPC, HTTP + WebSocket) carry { method, params } → ApiReply and ApiEvent unchanged.
import { z } from 'zod';
import { intIn } from '../config/fields';
import type { HardwareConfig, HardwareConfigInput } from '../config/hardware';
import type { PreprocessSpec, PreprocessSpecInput } from '../config/preprocess';
import type { SweepSpecInput } from '../config/sweep-spec';
import { imageSampleSchema, type ImageSubsetInfo } from '../config/image-sample';
import type { ApiEvent, JobInfo } from './jobs';

export type { ApiEvent, JobInfo, JobProgress, JobState } from './jobs';

const id = z.number().int().positive();
const name = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const runId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a run id');
const jobId = z.string().regex(/^job-\d+$/, 'must be a job id such as "job-3"');
const path = z
  .string()
  .min(1, 'must not be empty')
  .max(4096)
  .refine((p) => !p.includes('\0'), 'has a NUL');
const format = z.enum(['csv', 'json']);
const lifecycleState = z.enum(['queued', 'running', 'interrupted', 'cancelled', 'failed', 'finished']);
const arrayKey = {
  runId,
  trial: z.number().int().min(0),
  layer: z.string().min(1).max(1000),
  rowPartition: z.number().int().min(0),
  colPartition: z.number().int().min(0),
  slice: z.number().int().min(0),
};

/** Request parameters per method. Hardware configs and sweep specs are checked by their own schemas in app/. */
/**
 * A config, preprocessing or sweep spec: typed as its schema's input for the caller, passed through here and
 * parsed by the method with its own schema, so that a refusal names the field as a config error (invalid-config)
 * and not as a malformed request.
 */
function configField<T>() {
  return z.custom<T>(() => true);
}

export const API_REQUESTS = {
  'projects.list': z.strictObject({ includeArchived: z.boolean().optional() }),
  'projects.create': z.strictObject({ name }),
  'projects.rename': z.strictObject({ projectId: id, name }),
  'projects.archive': z.strictObject({ projectId: id, archived: z.boolean() }),
  /** Deleting a project deletes its history: the request must repeat the project's name. */
  'projects.delete': z.strictObject({ projectId: id, confirmName: z.string() }),

  /** An ONNX file on this machine (`path`) or one sent to POST /api/upload (`uploadId`). */
  'models.import': z
    .strictObject({
      projectId: id,
      path: path.optional(),
      uploadId: z.string().uuid().optional(),
      name: name.optional(),
    })
    .refine((p) => (p.path === undefined) !== (p.uploadId === undefined), 'give one of path and uploadId'),
  'models.list': z.strictObject({ projectId: id }),
  /** Replaces the preprocessing its runs use (checked by the preprocessing schema). */
  'models.setPreprocess': z.strictObject({ modelId: id, preprocess: configField<PreprocessSpecInput>() }),
  /** The model's layers and how each maps to arrays under `config` (the defaults when omitted). */
  'models.layers': z.strictObject({ modelId: id, config: configField<HardwareConfigInput>().optional() }),
  'models.delete': z.strictObject({ modelId: id }),

  'datasets.register': z.strictObject({
    projectId: id,
    root: path,
    labelsFile: path.optional(),
    layout: z.enum(['class-folders', 'ilsvrc-flat', 'wnid-folders']).optional(),
  }),
  'datasets.list': z.strictObject({ projectId: id }),
  /** A few images spread over the classes, as small PNG thumbnails with their labels. */
  'datasets.samples': z.strictObject({ datasetId: id, count: z.number().int().min(1).max(48).optional() }),
  'datasets.delete': z.strictObject({ datasetId: id }),

  'hardware.presets': z.strictObject({}),
  'hardware.validate': z.strictObject({ config: z.unknown() }),
  'hardware.list': z.strictObject({ projectId: id }),
  'hardware.save': z.strictObject({ projectId: id, name, config: configField<HardwareConfigInput>() }),
  'hardware.delete': z.strictObject({ configId: id }),

  'sweeps.templates': z.strictObject({}),
  'sweeps.validate': z.strictObject({ spec: z.unknown() }),
  /** Stores the sweep (validated: nothing is stored for a bad spec) and queues it. */
  'sweeps.queue': z.strictObject({ projectId: id, spec: configField<SweepSpecInput>() }),
  'sweeps.list': z.strictObject({ projectId: id.optional() }),
  'sweeps.table': z.strictObject({ sweepId: id }),
  'sweeps.delete': z.strictObject({ sweepId: id }),

  'runs.queue': z.strictObject({
    projectId: id,
    modelId: id,
    datasetId: id,
    /** null: the digital baseline only. */
    config: configField<HardwareConfigInput | null>(),
    // The sweep spec's bounds, with the messages the builder shows beside its fields.
    trials: intIn(1, 1000).optional(),
    images: intIn(1, 10_000_000).optional(),
    calibrationImages: intIn(1, 10_000_000).optional(),
    sample: imageSampleSchema.optional(),
    seed: intIn(0, 2 ** 31 - 1).optional(),
    statisticsImages: intIn(0, 1024).optional(),
  }),
  'runs.list': z.strictObject({
    projectId: id.optional(),
    sweepId: id.optional(),
    state: lifecycleState.optional(),
    limit: z.number().int().min(1).max(10000).optional(),
  }),
  'runs.get': z.strictObject({ runId }),
  'runs.layers': z.strictObject({ runId, trial: z.number().int().min(0).optional() }),
  'runs.arrays': z.strictObject({ runId, trial: z.number().int().min(0).optional() }),
  /** Cell-level maps of one array in one trial: conductances, programming error, per-column ADC clipping. */
  'runs.arrayCells': z.strictObject(arrayKey),
  'runs.delete': z.strictObject({ runId }),

  'jobs.list': z.strictObject({}),
  'jobs.cancel': z.strictObject({ jobId }),
  'jobs.pause': z.strictObject({ jobId }),
  'jobs.resume': z.strictObject({ jobId }),
  /** Runs and sweeps a killed process left unfinished. */
  'jobs.interrupted': z.strictObject({}),
  'jobs.resumeInterrupted': z.strictObject({ kind: z.enum(['run', 'sweep']), id: z.union([runId, id]) }),

  /** Accuracy against one config parameter (a dotted path such as "adc.bits") across runs. */
  'compare.accuracy': z.strictObject({
    runIds: z.array(runId).min(1).max(1000),
    parameter: z.string().min(1),
  }),

  'export.sweep': z.strictObject({ sweepId: id, format }),
  'export.runs': z.strictObject({ runIds: z.array(runId).min(1).max(10000), format }),

  /** The per-user cache of preprocessed images: its folder, size and cap. */
  'cache.info': z.strictObject({}),
  /** Removes every cached image; later runs decode their images again. */
  'cache.clear': z.strictObject({}),
} as const;

export type ApiMethod = keyof typeof API_REQUESTS;
export const API_METHODS = Object.keys(API_REQUESTS) as ApiMethod[];
export type ApiParams<M extends ApiMethod> = z.input<(typeof API_REQUESTS)[M]>;

export interface ProjectInfo {
  id: number;
  name: string;
  archived: boolean;
  createdAt: string;
}

export interface ModelInfo {
  id: number;
  projectId: number | null;
  name: string;
  /** The project's copy, named by content hash. */
  path: string;
  sha256: string;
  input: { name: string; shape: (number | string)[]; output: string };
  /** What its runs feed it: the model card's, or the proposal from its input shape, as edited; null: none stored. */
  preprocess: PreprocessSpec | null;
  createdAt: string;
}

export interface LayerMapping {
  name: string;
  kind: 'conv' | 'gemm' | 'matmul';
  weightShape: number[];
  /** The weight matrix as arrays see it: rows (inputs × kernel) × columns (outputs). */
  rows: number;
  cols: number;
  rowPartitions: number;
  colPartitions: number;
  slices: number;
  /** Physical arrays: partitions × slices × (2 for separate G⁺/G⁻ arrays, else 1). */
  arrays: number;
  analog: boolean;
  /** Why the layer stays digital, when it does. */
  reason: string | null;
}

export interface DatasetInfo {
  id: number;
  projectId: number;
  name: string;
  root: string;
  layout: string;
  imageCount: number;
  classCount: number;
  createdAt: string;
}

export interface SavedHardwareConfig {
  id: number;
  projectId: number;
  name: string;
  config: HardwareConfig;
  createdAt: string;
}

export type Validation = { ok: true; points?: number } | { ok: false; message: string };

export interface SweepInfo {
  id: number;
  projectId: number;
  name: string;
  state: LifecycleState;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export type LifecycleState = z.infer<typeof lifecycleState>;

/** A run's analog trials and their statistics (§8): mean ± std and a t-based 95 % interval within [0, 1]. */
/** Top-5 is null for a model of five classes or fewer, where it is always 100 %. */
export interface AnalogAccuracy {
  trials: { top1: number; top5: number | null; agreementTop1: number | null }[];
  top1Mean: number;
  top1Std: number;
  top1Ci95: [number, number];
  top5Mean: number | null;
  top5Std: number | null;
  agreementTop1Mean: number | null;
}

export interface RunAccuracy {
  digital: { top1: number; top5: number | null };
  analog: AnalogAccuracy | null;
}

export interface RunInfo extends RunAccuracy {
  id: string;
  projectId: number;
  sweepId: number | null;
  point: Record<string, unknown> | null;
  modelId: number;
  datasetId: number;
  config: HardwareConfig | null;
  state: LifecycleState;
  imagesDone: number;
  imagesTotal: number;
  images: number;
  /** null for a run stored before subsets were recorded. */
  sample: ImageSubsetInfo | null;
  /** What the run noticed and went on with (a class mismatch, identical trials), for the user to read. */
  warnings: string[];
  seed: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface RunDetail extends RunInfo {
  /** What each image went through and where that came from (a model card, a file, the ImageNet standard). */
  preprocess: PreprocessSpec | null;
  preprocessSource: string | null;
  skipped: { file: string; reason: string }[];
  events: { at: string; level: string; message: string }[];
  calibrationKey: string | null;
}

export interface LayerStatistics {
  trial: number;
  layer: string;
  metrics: Record<string, number | null>;
}

export interface ArrayStatistics {
  trial: number;
  layer: string;
  rowPartition: number;
  colPartition: number;
  slice: number;
  nrmsError: number | null;
  clippedFraction: number | null;
  progErrorRms: number | null;
  meanConductance: number | null;
  meanColumnCurrent: number | null;
  /** The worst fraction of the read voltage the wires take from a cell (every row at full scale); null with ideal wires. */
  irDrop: number | null;
  /** The wire-resistance solve's relative residual; null with ideal wires. */
  solverResidual: number | null;
}

/**
 * One array's cells in one trial, row-major (rows × cols; rows are input channel × kernel position, columns
 * outputs), as fractions of G_max: per plane (G⁺ and G⁻ of a pair, or G) the target and the programmed value
 * (after drift, when the config drifts). A grouped convolution shows its first group's array.
 */
export interface ArrayCells {
  rows: number;
  cols: number;
  planes: { name: string; target: number[]; programmed: number[] }[];
  /**
   * Per column, the fraction of its ADC conversions that clipped on the run's statistics images in this trial;
   * null without an ADC or without statistics.
   */
  columnClipping: number[] | null;
}

export interface ComparisonRow {
  runId: string;
  sweepId: number | null;
  /** The parameter's value in the run's config (null when the run has none). */
  value: unknown;
  digitalTop1: number;
  digitalTop5: number | null;
  analogTop1Mean: number | null;
  analogTop1Std: number | null;
  analogTop1Ci95: [number, number] | null;
  analogTop5Mean: number | null;
  trials: number;
  /** The model, images and preprocessing its digital accuracy was measured on: one baseline per key. */
  imageSet: { key: string; label: string };
}

export interface ExportedFile {
  fileName: string;
  contentType: string;
  text: string;
}

export interface TensorCacheInfo {
  folder: string;
  entries: number;
  bytes: number;
  /** Past this, the least recently used entries are evicted; 0: nothing is cached. */
  maxBytes: number;
}

export interface ClearedTensorCache extends TensorCacheInfo {
  removedEntries: number;
  removedBytes: number;
}

export interface ApiResults {
  'projects.list': ProjectInfo[];
  'projects.create': ProjectInfo;
  'projects.rename': ProjectInfo;
  'projects.archive': ProjectInfo;
  'projects.delete': { deleted: true };
  'models.import': ModelInfo;
  'models.list': ModelInfo[];
  'models.setPreprocess': ModelInfo;
  'models.layers': LayerMapping[];
  'models.delete': { deleted: true };
  'datasets.register': DatasetInfo;
  'datasets.list': DatasetInfo[];
  'datasets.samples': { file: string; label: number; className: string; pngBase64: string }[];
  'datasets.delete': { deleted: true };
  'hardware.presets': { name: string; config: HardwareConfig }[];
  'hardware.validate': Validation;
  'hardware.list': SavedHardwareConfig[];
  'hardware.save': SavedHardwareConfig;
  'hardware.delete': { deleted: true };
  'sweeps.templates': {
    template: string;
    title: string;
    base: Record<string, unknown>;
    axes: { path: string; values: unknown[] }[];
  }[];
  'sweeps.validate': Validation;
  'sweeps.queue': { sweep: SweepInfo; job: JobInfo };
  'sweeps.list': SweepInfo[];
  'sweeps.table': { columns: string[]; rows: (string | number | null)[][] };
  'sweeps.delete': { deleted: true };
  'runs.queue': JobInfo;
  'runs.list': RunInfo[];
  'runs.get': RunDetail;
  'runs.layers': LayerStatistics[];
  'runs.arrays': ArrayStatistics[];
  'runs.arrayCells': ArrayCells;
  'runs.delete': { deleted: true };
  'jobs.list': JobInfo[];
  'jobs.cancel': JobInfo;
  'jobs.pause': JobInfo;
  'jobs.resume': JobInfo;
  'jobs.interrupted': { runs: RunInfo[]; sweeps: SweepInfo[] };
  'jobs.resumeInterrupted': JobInfo;
  'compare.accuracy': ComparisonRow[];
  'export.sweep': ExportedFile;
  'export.runs': ExportedFile;
  'cache.info': TensorCacheInfo;
  'cache.clear': ClearedTensorCache;
}

export type ApiResult<M extends ApiMethod> = ApiResults[M];

/** The codes that mean the request was at fault (a bad file, folder, config value or parameter), not the work. */
export const REQUEST_FAULT_CODES = [
  'invalid-request',
  'unknown-method',
  'invalid-config',
  'unavailable-option',
  'invalid-model',
  'invalid-dataset',
  /** The database file given (CLI `--db`) is not one this version can use: not a database, newer, read-only. */
  'invalid-database',
] as const;

export const API_ERROR_CODES = [
  ...REQUEST_FAULT_CODES,
  'not-found',
  'invalid-state',
  'conflict',
  'store',
  'worker-lost',
  'internal',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export interface ApiFailure {
  code: ApiErrorCode;
  message: string;
}

export type ApiReply<M extends ApiMethod = ApiMethod> =
  { ok: true; result: ApiResult<M> } | { ok: false; error: ApiFailure };

/** What every transport gives the renderer. */
export interface ApiTransport {
  /** Where the page runs; both talk HTTP + WebSocket to `serve`. */
  readonly kind: 'desktop' | 'browser';
  call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiReply<M>>;
  /** Returns a function that stops listening. */
  subscribe(listener: (event: ApiEvent) => void): () => void;
  /**
   * How `models.import` reaches a file the user picked or dropped: its path in the desktop window, an upload to
   * `serve` in a browser.
   */
  importSource(file: File): Promise<{ path: string } | { uploadId: string }>;
}

export type { HardwareConfig, ImageSubsetInfo };
