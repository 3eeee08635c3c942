// Datasets: a folder registered with a project after its layout is detected and its images and classes counted.
import { resolve } from 'node:path';
import type { DatasetInfo } from '../../../src-shared/api/api';
import sharp from 'sharp';
import { DatasetError, openDataset } from '../../data';
import { reasonOf } from '../../data/dataset-error';
import type { Dataset } from '../../store';
import { AppError } from '../app-error';
import { datasetRecord } from '../runs/run-record';
import { defineMethods } from './methods';
import { existing } from './project-methods';

export const datasetMethods = defineMethods({
  'datasets.register': async ({ projectId, root, labelsFile, layout }, { store, publish }) => {
    existing(store, projectId);
    const dataset = await openDataset(resolve(root), {
      labelsFile: labelsFile && resolve(labelsFile),
      layout,
    });
    const stored = store.datasets.upsert({ projectId, ...datasetRecord(dataset) });
    publish({ type: 'changed', what: 'datasets' });
    return datasetInfo(stored);
  },
  'datasets.list': ({ projectId }, { store }) => {
    existing(store, projectId);
    return store.datasets.list(projectId).map(datasetInfo);
  },
  'datasets.samples': async ({ datasetId, count }, { store }) => {
    const stored = store.datasets.get(datasetId);
    if (!stored) throw new AppError('not-found', `there is no dataset ${datasetId}`);
    const dataset = await openDataset(stored.root, { labelsFile: stored.labelsFile ?? undefined });
    const wanted = Math.min(count ?? 12, dataset.items.length);
    // Evenly spaced through the sorted items, so that class folders each show up.
    const picked = Array.from(
      { length: wanted },
      (_, i) => dataset.items[Math.floor((i * dataset.items.length) / wanted)],
    );
    return Promise.all(
      picked.map(async (item) => ({
        file: item.file,
        label: item.label,
        className: dataset.classNames[item.label] ?? String(item.label),
        pngBase64: (await thumbnail(item.file)).toString('base64'),
      })),
    );
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

const THUMBNAIL_PIXELS = 96;

async function thumbnail(file: string): Promise<Buffer> {
  try {
    return await sharp(file).resize(THUMBNAIL_PIXELS, THUMBNAIL_PIXELS, { fit: 'inside' }).png().toBuffer();
  } catch (error) {
    throw new DatasetError(file, `cannot read image ${file}: ${reasonOf(error)}`);
  }
}

function datasetInfo(dataset: Dataset): DatasetInfo {
  const { id, projectId, name, root, layout, imageCount, classCount, createdAt } = dataset;
  return { id, projectId, name, root, layout, imageCount, classCount, createdAt };
}
