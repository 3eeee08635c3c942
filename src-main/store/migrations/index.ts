// The ordered list of schema migrations; the last one's version is the schema this build writes.
import { initialSchema } from './001-initial';
import { runCalibrationSchema } from './002-run-calibration';
import { datasetLabelsSchema } from './003-dataset-labels';
import { columnClippingSchema } from './004-column-clipping';
import { wireStatisticsSchema } from './005-wire-statistics';

/**
 * One step of the schema. Each runs in its own transaction with foreign keys enforced, so a migration that
 * rebuilds a table must use PRAGMA defer_foreign_keys. Released migrations are never edited.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: '001-initial', sql: initialSchema },
  { version: 2, name: '002-run-calibration', sql: runCalibrationSchema },
  { version: 3, name: '003-dataset-labels', sql: datasetLabelsSchema },
  { version: 4, name: '004-column-clipping', sql: columnClippingSchema },
  { version: 5, name: '005-wire-statistics', sql: wireStatisticsSchema },
];
