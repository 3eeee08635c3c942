// Datasets: a folder registered with a project after its layout is detected and its images and classes counted.
import { resolve } from 'node:path';
import type { DatasetInfo } from '../../../src-shared/api/api';
import { openDataset } from '../../data';
import type { Dataset } from '../../store';
import { AppError } from '../app-error';
import { storeDataset } from '../runs/run-record';
import { defineMethods } from './methods';
import { existing } from './project-methods';

export const datasetMethods = defineMethods({
  'datasets.register': async ({ projectId, root, labelsFile, layout }, { store, publish }) => {
    existing(store, projectId);
    const dataset = await openDataset(resolve(root), {
      labelsFile: labelsFile && resolve(labelsFile),
      layout,
    });
    const stored = storeDataset(store, projectId, dataset);
    publish({ type: 'changed', what: 'datasets' });
    return datasetInfo(stored);
  },
  'datasets.list': ({ projectId }, { store }) => {
    existing(store, projectId);
    return store.datasets.list(projectId).map(datasetInfo);
  },
  'datasets.delete': ({ datasetId }, { store, publish }) => {
    if (store.runs.list().some((run) => run.datasetId === datasetId)) {
      throw new AppError(
        'invalid-state',
        `dataset ${datasetId} has runs; delete them (or the project) first`,
      );
    }
    store.datasets.delete(datasetId);
    publish({ type: 'changed', what: 'datasets' });
    return { deleted: true as const };
  },
});

function datasetInfo(dataset: Dataset): DatasetInfo {
  const { id, projectId, name, root, layout, imageCount, classCount, createdAt } = dataset;
  return { id, projectId, name, root, layout, imageCount, classCount, createdAt };
}
