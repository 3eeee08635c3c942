// Shared set-up for store tests: a project with a model and a dataset to run against, and sample results.
import type { BatchResult, Dataset, Model, NewRun, Project, Run, Store } from '../../../src-main/store/index';

export interface Catalog {
  readonly project: Project;
  readonly model: Model;
  readonly dataset: Dataset;
}

export function seedCatalog(store: Store): Catalog {
  const project = store.projects.ensureDefault();
  const model = store.models.upsert({
    projectId: project.id,
    name: 'resnet8',
    path: '/models/resnet8.onnx',
    sha256: 'ab'.repeat(32),
    inputInfo: { name: 'input', shape: [1, 3, 32, 32] },
  });
  const dataset = store.datasets.upsert({
    projectId: project.id,
    name: 'cifar10-val',
    root: '/data/cifar10/val',
    layout: 'imagefolder',
    labelsFile: null,
    imageCount: 1000,
    classCount: 10,
  });
  return { project, model, dataset };
}

export function createRun(store: Store, catalog: Catalog, overrides: Partial<NewRun> = {}): Run {
  return store.runs.create({
    projectId: catalog.project.id,
    modelId: catalog.model.id,
    datasetId: catalog.dataset.id,
    config: { adc: { bits: 8 } },
    params: { batchSize: 10 },
    imagesTotal: 100,
    seed: 42,
    ...overrides,
  });
}

/** A batch of ten images of the digital reference trial; override what a test is about. */
export function batch(overrides: Partial<BatchResult> = {}): BatchResult {
  return {
    kind: 'digital',
    trialIndex: 0,
    batchIndex: 0,
    images: 10,
    correctTop1: 7,
    correctTop5: 9,
    ...overrides,
  };
}
