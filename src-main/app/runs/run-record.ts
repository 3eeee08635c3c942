// Registers a run's model and dataset in the store and creates the run record, before any image is evaluated.
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { HardwareConfig } from '../../../src-shared/config/hardware';
import type { ImageSubsetInfo } from '../../../src-shared/api/api';
import type { Dataset } from '../../data';
import type { ModelSession } from '../../sim/evaluate/model-session';
import type { Dataset as StoredDataset, JsonObject, Run, Store } from '../../store';
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

/** Records (or refreshes) an opened dataset under a project: its root, layout, labels and counts. */
export function storeDataset(store: Store, projectId: number, dataset: Dataset): StoredDataset {
  return store.datasets.upsert({
    projectId,
    name: basename(dataset.root),
    root: dataset.root,
    layout: dataset.layout,
    labelsFile: dataset.labelsFile ?? null,
    imageCount: dataset.items.length,
    classCount: dataset.classNames.length,
  });
}

export function createRunRecord(store: Store, plan: RunPlan): Run {
  const { inputs, dataset, model } = plan;
  const projectId = plan.request.projectId ?? store.projects.ensureDefault().id;
  const storedModel = store.models.upsert({
    projectId,
    name: inputs.modelName,
    path: inputs.modelFile,
    sha256: createHash('sha256').update(plan.modelBytes).digest('hex'),
    inputInfo: {
      name: model.inputName,
      shape: model.inputShape.map((d) => d ?? 'N'),
      output: model.outputName,
    },
  });
  const storedDataset = storeDataset(store, projectId, dataset);
  const run = store.runs.create({
    projectId,
    modelId: storedModel.id,
    datasetId: storedDataset.id,
    config: plan.config as unknown as JsonObject | null,
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
  });
  return store.runs.start(run.id);
}
