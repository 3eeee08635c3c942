// What runs.queue, sweeps.queue and projects.* refuse before anything is queued, through the app host as the UI
// calls it on the bundled demo (1,000 images): each refusal a user-facing code with the field named.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../../src-shared/api/api';
import { startAppHost, type AppHost } from '../../../src-main/app/app-host';
import { createDemoProject } from '../../../src-main/app/demo-project';

const dir = mkdtempSync(join(tmpdir(), 'cb-refusals-'));
let app: AppHost;
let run: { projectId: number; modelId: number; datasetId: number; config: object };
let demo: { model: ApiResult<'models.list'>[number]; dataset: ApiResult<'datasets.list'>[number] };

async function result<T>(method: string, params: unknown): Promise<T> {
  const reply = await app.call(method, params);
  if (!reply.ok) throw new Error(`${method}: ${reply.error.message}`);
  return reply.result as T;
}

beforeAll(async () => {
  app = startAppHost({
    databaseFile: join(dir, 'crossbar.db'),
    cacheDir: join(dir, 'cache'),
    pool: { workers: 1, threadsPerWorker: 1 },
  });
  await createDemoProject(app);
  const [project] = await result<ApiResult<'projects.list'>>('projects.list', {});
  const [model] = await result<ApiResult<'models.list'>>('models.list', { projectId: project.id });
  const [dataset] = await result<ApiResult<'datasets.list'>>('datasets.list', { projectId: project.id });
  demo = { model, dataset };
  run = { projectId: project.id, modelId: model.id, datasetId: dataset.id, config: {} };
});

afterAll(async () => {
  await app.close();
});

describe('refused before queueing', () => {
  it('a run asking for more images than the dataset has, or leaving none for calibration', async () => {
    expect(demo.dataset.imageCount).toBe(1000);
    expect(await app.call('runs.queue', { ...run, images: 5000 })).toEqual({
      ok: false,
      error: { code: 'invalid-request', message: 'images: 5000 asked for, the dataset has 1000' },
    });
    expect(await app.call('runs.queue', { ...run, images: 950, calibrationImages: 100 })).toEqual({
      ok: false,
      error: {
        code: 'invalid-request',
        message:
          "calibrationImages: 100 asked for, but only 50 of the dataset's 1000 are left after the 950 test images",
      },
    });
    // All 1,000 test images with the defaults' calibrated ranges leave none to calibrate on.
    expect(await app.call('runs.queue', { ...run, images: 1000 })).toMatchObject({
      ok: false,
      error: {
        code: 'invalid-request',
        message:
          "images: 1000 asked for leaves none of the dataset's 1000 to calibrate this config's ranges on",
      },
    });
    expect(await result('jobs.list', {})).toEqual([]);
  });

  it("run parameters outside the schema's bounds, with the schema's messages", async () => {
    expect(await app.call('runs.queue', { ...run, trials: -2, images: 0 })).toEqual({
      ok: false,
      error: {
        code: 'invalid-request',
        message:
          'runs.queue: trials must be an integer 1..1000, got -2; images must be an integer 1..10000000, got 0',
      },
    });
    expect(await result('jobs.list', {})).toEqual([]);
  });

  it('a sweep asking for more images than its folder has', async () => {
    const spec = {
      name: 'too many',
      model: demo.model.path,
      data: demo.dataset.root,
      images: { count: 5000 },
      axes: [{ path: 'adc.bits', values: [4, 8] }],
      trials: 1,
    };
    const reply = await app.call('sweeps.queue', { projectId: run.projectId, spec });
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'invalid-config', message: expect.stringMatching(/images\.count 5000/) },
    });
    expect(await result('sweeps.list', {})).toEqual([]);
  });

  it('a project with an empty name', async () => {
    expect(await app.call('projects.create', { name: '  ' })).toEqual({
      ok: false,
      error: { code: 'invalid-request', message: 'projects.create: name must not be empty, got ""' },
    });
    expect(await app.call('projects.rename', { projectId: run.projectId, name: '' })).toMatchObject({
      ok: false,
      error: {
        code: 'invalid-request',
        message: expect.stringMatching(/^projects\.rename: name must not be empty/),
      },
    });
  });
});
