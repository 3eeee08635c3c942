// Schema 1: projects, the things a run refers to, sweeps, runs and everything a run records as it goes.
// Frozen once released: a schema change is a new numbered migration, never an edit here. The state lists in
// the CHECK constraints are spelled out rather than built from code so later code changes cannot alter them.
export const initialSchema = `
CREATE TABLE projects (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE models (
  id INTEGER PRIMARY KEY,
  project_id INTEGER REFERENCES projects (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  path TEXT NOT NULL,
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  input_info TEXT NOT NULL CHECK (json_valid(input_info)),
  created_at TEXT NOT NULL
) STRICT;
-- NULLs are distinct in a UNIQUE constraint, so shared models (no project) get one key through ifnull.
CREATE UNIQUE INDEX models_by_project_hash ON models (ifnull(project_id, 0), sha256);

CREATE TABLE datasets (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  root TEXT NOT NULL,
  layout TEXT NOT NULL,
  image_count INTEGER NOT NULL CHECK (image_count >= 0),
  class_count INTEGER NOT NULL CHECK (class_count >= 0),
  created_at TEXT NOT NULL,
  UNIQUE (project_id, root)
) STRICT;

CREATE TABLE hardware_configs (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  config TEXT NOT NULL CHECK (json_valid(config)),
  created_at TEXT NOT NULL,
  UNIQUE (project_id, name)
) STRICT;

CREATE TABLE sweeps (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  spec TEXT NOT NULL CHECK (json_valid(spec)),
  state TEXT NOT NULL
    CHECK (state IN ('queued', 'running', 'interrupted', 'cancelled', 'failed', 'finished')),
  error TEXT,
  owner_host TEXT,
  owner_pid INTEGER,
  owner_token TEXT,
  created_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX sweeps_by_project ON sweeps (project_id, id);
CREATE INDEX sweeps_by_state ON sweeps (state);

CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  sweep_id INTEGER REFERENCES sweeps (id) ON DELETE CASCADE,
  point_key TEXT,
  model_id INTEGER NOT NULL REFERENCES models (id),
  dataset_id INTEGER NOT NULL REFERENCES datasets (id),
  config TEXT CHECK (config IS NULL OR json_valid(config)),
  params TEXT NOT NULL CHECK (json_valid(params)),
  state TEXT NOT NULL
    CHECK (state IN ('queued', 'running', 'interrupted', 'cancelled', 'failed', 'finished')),
  images_total INTEGER NOT NULL CHECK (images_total >= 0),
  images_done INTEGER NOT NULL DEFAULT 0 CHECK (images_done >= 0),
  seed INTEGER NOT NULL,
  error TEXT,
  skipped TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(skipped)),
  owner_host TEXT,
  owner_pid INTEGER,
  owner_token TEXT,
  created_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT,
  updated_at TEXT NOT NULL,
  UNIQUE (sweep_id, point_key),
  CHECK ((sweep_id IS NULL) = (point_key IS NULL))
) STRICT;
CREATE INDEX runs_by_project ON runs (project_id, id);
CREATE INDEX runs_by_state ON runs (state);
CREATE INDEX runs_by_model ON runs (model_id);
CREATE INDEX runs_by_dataset ON runs (dataset_id);

CREATE TABLE trials (
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('digital', 'analog')),
  trial_index INTEGER NOT NULL CHECK (trial_index >= 0),
  images INTEGER NOT NULL CHECK (images > 0),
  top1 REAL NOT NULL CHECK (top1 BETWEEN 0 AND 1),
  top5 REAL NOT NULL CHECK (top5 BETWEEN 0 AND 1),
  agreement_top1 REAL CHECK (agreement_top1 BETWEEN 0 AND 1),
  finished_at TEXT NOT NULL,
  PRIMARY KEY (run_id, kind, trial_index)
) STRICT;

CREATE TABLE run_progress (
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('digital', 'analog')),
  trial_index INTEGER NOT NULL CHECK (trial_index >= 0),
  batch_index INTEGER NOT NULL CHECK (batch_index >= 0),
  images INTEGER NOT NULL CHECK (images >= 0),
  correct_top1 INTEGER NOT NULL CHECK (correct_top1 BETWEEN 0 AND images),
  correct_top5 INTEGER NOT NULL CHECK (correct_top5 BETWEEN correct_top1 AND images),
  agree_top1 INTEGER CHECK (agree_top1 BETWEEN 0 AND images),
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (run_id, kind, trial_index, batch_index)
) STRICT;

CREATE TABLE layer_stats (
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  trial_index INTEGER NOT NULL CHECK (trial_index >= 0),
  layer TEXT NOT NULL,
  metrics TEXT NOT NULL CHECK (json_valid(metrics)),
  PRIMARY KEY (run_id, trial_index, layer)
) STRICT;

CREATE TABLE array_stats (
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  trial_index INTEGER NOT NULL CHECK (trial_index >= 0),
  layer TEXT NOT NULL,
  row_partition INTEGER NOT NULL CHECK (row_partition >= 0),
  col_partition INTEGER NOT NULL CHECK (col_partition >= 0),
  slice INTEGER NOT NULL CHECK (slice >= 0),
  nrms_error REAL,
  clipped_fraction REAL,
  prog_error_rms REAL,
  mean_conductance REAL,
  mean_column_current REAL,
  PRIMARY KEY (run_id, trial_index, layer, row_partition, col_partition, slice)
) STRICT;

CREATE TABLE calibrations (
  key TEXT PRIMARY KEY,
  ranges TEXT NOT NULL CHECK (json_valid(ranges)),
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE run_events (
  id INTEGER PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  at TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('debug', 'info', 'warn', 'error')),
  message TEXT NOT NULL
) STRICT;
CREATE INDEX run_events_by_run ON run_events (run_id, id);
`;
