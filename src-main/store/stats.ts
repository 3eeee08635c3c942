// Per-layer and per-crossbar-array statistics of analog trials, replaced wholesale when recorded again.
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { StoreError } from './errors';

/** Metric values that could not be computed (NaN) read back as null. */
export type LayerMetrics = Readonly<Record<string, number | null>>;

export interface LayerStats {
  readonly trialIndex: number;
  readonly layer: string;
  readonly metrics: LayerMetrics;
}

/** One physical array: the tile at (rowPartition, colPartition) of a layer's weights, bit slice `slice`. */
export interface ArrayStats {
  readonly trialIndex: number;
  readonly layer: string;
  readonly rowPartition: number;
  readonly colPartition: number;
  readonly slice: number;
  readonly nrmsError: number | null;
  readonly clippedFraction: number | null;
  readonly progErrorRms: number | null;
  readonly meanConductance: number | null;
  readonly meanColumnCurrent: number | null;
  /** Per output column of the array, the fraction of its conversions the ADC clipped; null without an ADC. */
  readonly columnClipping: readonly number[] | null;
  /** The worst fraction of the read voltage lost to the wires; null with ideal wires. */
  readonly irDrop: number | null;
  /** The wire solve's relative residual; null with ideal wires. */
  readonly solverResidual: number | null;
}

export interface StatsRepository {
  /** All in one transaction; an existing (trial, layer) entry is replaced. */
  recordLayers(runId: string, stats: readonly LayerStats[]): void;
  /** All in one transaction; an existing (trial, layer, partition, slice) entry is replaced. */
  recordArrays(runId: string, stats: readonly ArrayStats[]): void;
  /** Ordered by trial, then as recorded (a run records the network's order); one trial only when given. */
  layers(runId: string, trialIndex?: number): readonly LayerStats[];
  /** Ordered by trial, layers as first recorded (a run records the network's order), partition and slice. */
  arrays(runId: string, trialIndex?: number): readonly ArrayStats[];
}

interface LayerStatsRow {
  trial_index: number;
  layer: string;
  metrics: string;
}

interface ArrayStatsRow {
  trial_index: number;
  layer: string;
  row_partition: number;
  col_partition: number;
  slice: number;
  nrms_error: number | null;
  clipped_fraction: number | null;
  prog_error_rms: number | null;
  mean_conductance: number | null;
  mean_column_current: number | null;
  column_clipping: string | null;
  ir_drop: number | null;
  solver_residual: number | null;
}

interface StatsFilter {
  runId: string;
  trialIndex: number | null;
}

const layerMetricsSchema = z.record(z.string(), z.number().nullable());

function toLayerStats(row: LayerStatsRow): LayerStats {
  const value: unknown = JSON.parse(row.metrics);
  const metrics = layerMetricsSchema.safeParse(value);
  if (!metrics.success) {
    throw new StoreError('corrupt', `layer_stats.metrics holds ${row.metrics}, expected {name: number}`);
  }
  return Object.freeze({
    trialIndex: row.trial_index,
    layer: row.layer,
    metrics: Object.freeze(metrics.data),
  });
}

function toArrayStats(row: ArrayStatsRow): ArrayStats {
  return Object.freeze({
    trialIndex: row.trial_index,
    layer: row.layer,
    rowPartition: row.row_partition,
    colPartition: row.col_partition,
    slice: row.slice,
    nrmsError: row.nrms_error,
    clippedFraction: row.clipped_fraction,
    progErrorRms: row.prog_error_rms,
    meanConductance: row.mean_conductance,
    meanColumnCurrent: row.mean_column_current,
    columnClipping: row.column_clipping === null ? null : parseColumnClipping(row.column_clipping),
    irDrop: row.ir_drop,
    solverResidual: row.solver_residual,
  });
}

const columnClippingSchema = z.array(z.number().min(0).max(1));

function parseColumnClipping(text: string): readonly number[] {
  const parsed = columnClippingSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new StoreError(
      'corrupt',
      `array_stats.column_clipping holds ${text.slice(0, 80)}, expected fractions`,
    );
  }
  return Object.freeze(parsed.data);
}

function toArrayStatsRow(stats: ArrayStats): ArrayStatsRow {
  return {
    trial_index: stats.trialIndex,
    layer: stats.layer,
    row_partition: stats.rowPartition,
    col_partition: stats.colPartition,
    slice: stats.slice,
    nrms_error: stats.nrmsError,
    clipped_fraction: stats.clippedFraction,
    prog_error_rms: stats.progErrorRms,
    mean_conductance: stats.meanConductance,
    mean_column_current: stats.meanColumnCurrent,
    column_clipping: stats.columnClipping === null ? null : JSON.stringify(stats.columnClipping),
    ir_drop: stats.irDrop,
    solver_residual: stats.solverResidual,
  };
}

export function createStatsRepository(db: Database.Database): StatsRepository {
  const upsertLayer = db.prepare<[string, number, string, string]>(
    // An upsert rather than INSERT OR REPLACE keeps a replaced row's rowid, which is the order it is read in.
    `INSERT INTO layer_stats (run_id, trial_index, layer, metrics) VALUES (?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET metrics = excluded.metrics`,
  );
  const upsertArray = db.prepare<ArrayStatsRow & { run_id: string }>(
    `INSERT INTO array_stats (run_id, trial_index, layer, row_partition, col_partition, slice,
       nrms_error, clipped_fraction, prog_error_rms, mean_conductance, mean_column_current, column_clipping,
       ir_drop, solver_residual)
     VALUES (@run_id, @trial_index, @layer, @row_partition, @col_partition, @slice,
       @nrms_error, @clipped_fraction, @prog_error_rms, @mean_conductance, @mean_column_current, @column_clipping,
       @ir_drop, @solver_residual)
     ON CONFLICT DO UPDATE SET nrms_error = excluded.nrms_error, clipped_fraction = excluded.clipped_fraction,
       prog_error_rms = excluded.prog_error_rms, mean_conductance = excluded.mean_conductance,
       mean_column_current = excluded.mean_column_current, column_clipping = excluded.column_clipping,
       ir_drop = excluded.ir_drop, solver_residual = excluded.solver_residual`,
  );
  const selectLayers = db.prepare<StatsFilter, LayerStatsRow>(
    `SELECT trial_index, layer, metrics FROM layer_stats
     WHERE run_id = @runId AND (@trialIndex IS NULL OR trial_index = @trialIndex) ORDER BY trial_index, rowid`,
  );
  const selectArrays = db.prepare<StatsFilter, ArrayStatsRow>(
    `SELECT trial_index, layer, row_partition, col_partition, slice, nrms_error, clipped_fraction,
       prog_error_rms, mean_conductance, mean_column_current, column_clipping, ir_drop, solver_residual
     FROM array_stats AS s WHERE run_id = @runId AND (@trialIndex IS NULL OR trial_index = @trialIndex)
     ORDER BY trial_index,
       (SELECT min(rowid) FROM array_stats AS f
        WHERE f.run_id = s.run_id AND f.trial_index = s.trial_index AND f.layer = s.layer),
       row_partition, col_partition, slice`,
  );

  const recordLayers = db.transaction((runId: string, stats: readonly LayerStats[]) => {
    stats.forEach((entry) =>
      upsertLayer.run(runId, entry.trialIndex, entry.layer, JSON.stringify(entry.metrics)),
    );
  });
  const recordArrays = db.transaction((runId: string, stats: readonly ArrayStats[]) => {
    stats.forEach((entry) => upsertArray.run({ run_id: runId, ...toArrayStatsRow(entry) }));
  });

  return {
    recordLayers: (runId, stats) => recordLayers.immediate(runId, stats),
    recordArrays: (runId, stats) => recordArrays.immediate(runId, stats),
    layers: (runId, trialIndex) =>
      selectLayers.all({ runId, trialIndex: trialIndex ?? null }).map(toLayerStats),
    arrays: (runId, trialIndex) =>
      selectArrays.all({ runId, trialIndex: trialIndex ?? null }).map(toArrayStats),
  };
}
