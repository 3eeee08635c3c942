// Calibrations: input ranges measured once per model/dataset/config combination and reused by later runs.
import type Database from 'better-sqlite3';
import { nowIso } from './clock';
import { expectedRow } from './errors';
import { parseJson, toJson, type Json } from './json';

export interface Calibration {
  /** Chosen by the caller to name what was calibrated (e.g. model hash + dataset + config digest). */
  readonly key: string;
  readonly ranges: Json;
  readonly createdAt: string;
}

export interface CalibrationRepository {
  /** Stores the ranges under the key, replacing an earlier calibration with the same key. */
  put(key: string, ranges: Json): Calibration;
  get(key: string): Calibration | undefined;
}

interface CalibrationRow {
  key: string;
  ranges: string;
  created_at: string;
}

function toCalibration(row: CalibrationRow): Calibration {
  return Object.freeze({ key: row.key, ranges: parseJson(row.ranges), createdAt: row.created_at });
}

export function createCalibrationRepository(db: Database.Database): CalibrationRepository {
  const upsert = db.prepare<[string, string, string], CalibrationRow>(
    `INSERT INTO calibrations (key, ranges, created_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET ranges = excluded.ranges, created_at = excluded.created_at
     RETURNING *`,
  );
  const selectByKey = db.prepare<[string], CalibrationRow>('SELECT * FROM calibrations WHERE key = ?');

  return {
    put: (key, ranges) => toCalibration(expectedRow(upsert.get(key, toJson(ranges), nowIso()))),
    get: (key) => {
      const row = selectByKey.get(key);
      return row && toCalibration(row);
    },
  };
}
