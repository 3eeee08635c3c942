// Datasets: image folders known by their root path within a project.
import type Database from 'better-sqlite3';
import { nowIso } from './clock';
import { changedRow, expectedRow } from './errors';

export interface Dataset {
  readonly id: number;
  readonly projectId: number;
  readonly name: string;
  /** Absolute path of the folder the images are read from. */
  readonly root: string;
  /** How images and labels are arranged under the root, as named by the dataset loader. */
  readonly layout: string;
  /** The ground-truth file of a flat ILSVRC folder (or one the user gave); null when labels come from folders. */
  readonly labelsFile: string | null;
  readonly imageCount: number;
  readonly classCount: number;
  readonly createdAt: string;
}

export type DatasetInput = Omit<Dataset, 'id' | 'createdAt'>;

export interface DatasetRepository {
  /** Inserts, or refreshes the name, layout, labels and counts of the dataset with the same project and root. */
  upsert(dataset: DatasetInput): Dataset;
  get(id: number): Dataset | undefined;
  list(projectId: number): readonly Dataset[];
  /** Refused while runs still refer to the dataset. */
  delete(id: number): void;
}

interface DatasetRow {
  id: number;
  project_id: number;
  name: string;
  root: string;
  layout: string;
  labels_file: string | null;
  image_count: number;
  class_count: number;
  created_at: string;
}

function toDataset(row: DatasetRow): Dataset {
  return Object.freeze({
    id: row.id,
    projectId: row.project_id,
    name: row.name,
    root: row.root,
    layout: row.layout,
    labelsFile: row.labels_file,
    imageCount: row.image_count,
    classCount: row.class_count,
    createdAt: row.created_at,
  });
}

export function createDatasetRepository(db: Database.Database): DatasetRepository {
  const upsert = db.prepare<
    [number, string, string, string, string | null, number, number, string],
    DatasetRow
  >(
    `INSERT INTO datasets (project_id, name, root, layout, labels_file, image_count, class_count, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (project_id, root) DO UPDATE SET name = excluded.name, layout = excluded.layout,
       labels_file = excluded.labels_file, image_count = excluded.image_count, class_count = excluded.class_count
     RETURNING *`,
  );
  const selectById = db.prepare<[number], DatasetRow>('SELECT * FROM datasets WHERE id = ?');
  const selectByProject = db.prepare<[number], DatasetRow>(
    'SELECT * FROM datasets WHERE project_id = ? ORDER BY id',
  );
  const deleteById = db.prepare<[number]>('DELETE FROM datasets WHERE id = ?');

  return {
    upsert: (dataset) =>
      toDataset(
        expectedRow(
          upsert.get(
            dataset.projectId,
            dataset.name,
            dataset.root,
            dataset.layout,
            dataset.labelsFile,
            dataset.imageCount,
            dataset.classCount,
            nowIso(),
          ),
        ),
      ),
    get: (id) => {
      const row = selectById.get(id);
      return row && toDataset(row);
    },
    list: (projectId) => selectByProject.all(projectId).map(toDataset),
    delete: (id) => changedRow(deleteById.run(id), `dataset ${id}`),
  };
}
