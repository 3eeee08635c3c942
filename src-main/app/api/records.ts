// Stored records as the API describes them.
import type {
  ModelInfo,
  ProjectInfo,
  RunInfo,
  SavedHardwareConfig,
  SweepInfo,
} from '../../../src-shared/api/api';
import { z } from 'zod';
import { parseWith } from '../../../src-shared/config/fields';
import { hardwareSchema } from '../../../src-shared/config/hardware';
import type { HardwareConfig as StoredHardwareConfig, Model, Project, Run, Store, Sweep } from '../../store';
import { readCardBeside } from '../runs/resolve-inputs';
import { summarizeRun } from '../runs/run-summary';
import { storedRunConfig } from '../runs/stored-runs';

/** What import read from the model's first input and its classification output (none named on older rows). */
const inputInfoSchema = z.object({
  name: z.string(),
  shape: z.array(z.union([z.number(), z.string()])),
  output: z.string().default(''),
});

export function projectInfo(project: Project): ProjectInfo {
  return { id: project.id, name: project.name, archived: project.archived, createdAt: project.createdAt };
}

/** The input and output import read from the model, as stored with it. */
export function storedModelInput(model: Model): ModelInfo['input'] {
  return parseWith(inputInfoSchema, model.inputInfo, `the input stored with model ${model.id}`);
}

export function modelInfo(model: Model): ModelInfo {
  const input = storedModelInput(model);
  const card = readCardBeside(model.path, { preprocessGiven: true });
  return {
    id: model.id,
    projectId: model.projectId,
    name: model.name,
    path: model.path,
    sha256: model.sha256,
    input: { name: input.name, shape: [...input.shape], output: input.output },
    preprocess: card?.card.preprocess ?? null,
    createdAt: model.createdAt,
  };
}

export function savedHardwareConfig(saved: StoredHardwareConfig): SavedHardwareConfig {
  return {
    id: saved.id,
    projectId: saved.projectId,
    name: saved.name,
    config: parseWith(hardwareSchema, saved.config, `saved config "${saved.name}"`),
    createdAt: saved.createdAt,
  };
}

export function sweepInfo(sweep: Sweep): SweepInfo {
  const { id, projectId, name, state, error, createdAt, startedAt, finishedAt } = sweep;
  return { id, projectId, name, state, error, createdAt, startedAt, finishedAt };
}

export function runInfo(store: Store, run: Run): RunInfo {
  const summary = summarizeRun(store, run.id, '', '');
  return {
    id: run.id,
    projectId: run.projectId,
    sweepId: run.sweepId,
    point: run.point as Record<string, unknown> | null,
    modelId: run.modelId,
    datasetId: run.datasetId,
    config: storedRunConfig(run),
    state: run.state,
    imagesDone: run.imagesDone,
    imagesTotal: run.imagesTotal,
    images: summary.images,
    sample: summary.sample,
    warnings: summary.warnings,
    seed: run.seed,
    error: run.error,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    digital: summary.digital,
    analog: summary.analog ?? null,
  };
}
