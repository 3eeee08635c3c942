// A run's record: built from what the run opened (model, dataset, images), then written to the store before any
// image is evaluated, with the run's model and dataset registered under its project.
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { HardwareConfig } from '../../../src-shared/config/hardware';
import type { ImageSubsetInfo } from '../../../src-shared/api/api';
import type { Dataset } from '../../data';
import type { ModelSession } from '../../sim/evaluate/model-session';
import type { DatasetInput, JsonObject, ModelInput, Run, Store } from '../../store';
import type { RunRequest } from './run-request';
import type { RunInputs } from './resolve-inputs';

export interface RunPlan {
  /** Kept with the run, so that a run interrupted by a killed process can be continued. */
  request: RunRequest;
  inputs: RunInputs;
  dataset: Dataset;
  model: ModelSession;
  modelBytes: Uint8Array;
  config: HardwareConfig | null;
  images: ImageSubsetInfo;
  calibrationCount: number;
  trials: number;
  /** The classes the model declares (null: symbolic), for whether its top-5 means anything. */
  modelOutputs: number | null;
  sweepPoint?: { sweepId: number; point: JsonObject };
}

/** A run's record as plain data: what the main thread writes before any image of the run is evaluated. */
export interface NewRunRecord {
  projectId?: number;
  model: Omit<ModelInput, 'projectId'>;
  dataset: DatasetRecord;
  config: HardwareConfig | null;
  params: JsonObject;
  imagesTotal: number;
  seed: number;
  sweepPoint?: { sweepId: number; point: JsonObject };
  /** What the run noticed before it started (a class mismatch, identical trials), stored with it. */
  warnings: string[];
}

/** What the store keeps of an opened dataset: its root, layout, labels and counts. */
export type DatasetRecord = Omit<DatasetInput, 'projectId'>;

export function datasetRecord(dataset: Dataset): DatasetRecord {
  return {
    name: basename(dataset.root),
    root: dataset.root,
    layout: dataset.layout,
    labelsFile: dataset.labelsFile ?? null,
    imageCount: dataset.items.length,
    classCount: dataset.classNames.length,
  };
}

export function newRunRecord(plan: RunPlan, warnings: string[]): NewRunRecord {
  const { inputs, dataset, model } = plan;
  return {
    projectId: plan.request.projectId,
    model: {
      name: inputs.modelName,
      path: inputs.modelFile,
      sha256: createHash('sha256').update(plan.modelBytes).digest('hex'),
      inputInfo: {
        name: model.inputName,
        shape: model.inputShape.map((d) => d ?? 'N'),
        output: model.outputName,
      },
    },
    dataset: datasetRecord(dataset),
    config: plan.config,
    params: {
      preprocess: inputs.preprocess,
      preprocessSource: inputs.preprocessSource,
      images: { ...plan.images },
      calibration: { count: plan.calibrationCount },
      modelOutputs: plan.modelOutputs,
      trials: plan.config ? plan.trials : 0,
      labelsFile: dataset.labelsFile ?? null,
      request: plan.request as unknown as JsonObject,
    },
    imagesTotal: plan.images.count * (1 + (plan.config ? plan.trials : 0)),
    seed: plan.images.seed,
    sweepPoint: plan.sweepPoint,
    warnings,
  };
}

/** Registers the run's model and dataset under its project and creates the run, started, with its warnings. */
export function createRunRecord(store: Store, record: NewRunRecord): Run {
  const projectId = record.projectId ?? store.projects.ensureDefault().id;
  const model = store.models.upsert({ projectId, ...record.model });
  const dataset = store.datasets.upsert({ projectId, ...record.dataset });
  const run = store.runs.create({
    projectId,
    modelId: model.id,
    datasetId: dataset.id,
    config: record.config as unknown as JsonObject | null,
    params: record.params,
    imagesTotal: record.imagesTotal,
    seed: record.seed,
    sweepPoint: record.sweepPoint,
  });
  for (const warning of record.warnings) store.events.add(run.id, 'warn', warning);
  return store.runs.start(run.id);
}
