// A model brought without a card (issue 17, item 5): the import proposes preprocessing from its declared input,
// the user edits it, its runs use what was stored, and what cannot fit the model is refused before it runs.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiMethod, ApiParams, ApiResult } from '../../../src-shared/api/api';
import { isJobActive } from '../../../src-shared/api/jobs';
import { parseModelCard } from '../../../src-shared/config/model-card';
import type { PreprocessSpec } from '../../../src-shared/config/preprocess';
import { proposePreprocess } from '../../../src-shared/config/preprocess-proposal';
import { startAppHost, type AppHost } from '../../../src-main/app/app-host';
import { resourcesDir } from '../../../src-main/app/paths';
import { modelCardFile } from '../../../src-main/app/runs/resolve-inputs';

const demo = join(resourcesDir(), 'demo');
const dir = mkdtempSync(join(tmpdir(), 'cb-preprocess-'));
let app: AppHost;
let projectId: number;
let datasetId: number;

async function call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>> {
  const reply = await app.call(method, params);
  if (!reply.ok) throw new Error(`${method}: ${reply.error.message}`);
  return reply.result as ApiResult<M>;
}

async function finishedRun(jobId: string): Promise<ApiResult<'runs.get'>> {
  for (;;) {
    const job = (await call('jobs.list', {})).find((j) => j.id === jobId)!;
    if (!isJobActive(job.state)) {
      expect(job.error).toBeNull();
      return call('runs.get', { runId: job.runIds[0] });
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  app = startAppHost({
    databaseFile: join(dir, 'crossbar.db'),
    cacheDir: join(dir, 'cache'),
    pool: { workers: 1, threadsPerWorker: 1 },
  });
  projectId = (await call('projects.create', { name: 'Own model' })).id;
  datasetId = (await call('datasets.register', { projectId, root: join(demo, 'images') })).id;
});

afterAll(async () => {
  await app.close();
});

describe('preprocessing stored with a model', () => {
  // The demo model alone, as a user brings an export: no <model>.json beside it.
  const bare = join(dir, 'bare', 'fashion.onnx');
  mkdirSync(join(dir, 'bare'));
  copyFileSync(join(demo, 'model.onnx'), bare);

  it('is proposed from the declared input [N, 1, 28, 28] on import and written beside the copy', async () => {
    const model = await call('models.import', { projectId, path: bare });
    expect(model.name).toBe('fashion.onnx');
    expect(model.input.shape.slice(1)).toEqual([1, 28, 28]);
    // The proposal for that shape (its rule is unit-tested): the whole 28 px image, one channel at 0.5 ± 0.5.
    expect(model.preprocess).toEqual(proposePreprocess(model.input.shape));
    expect(model.preprocess).toMatchObject({ resize: 28, crop: 28, channels: 1, mean: [0.5] });
    const card = modelCardFile(model.path);
    expect(existsSync(card)).toBe(true);
    expect(parseModelCard(JSON.parse(readFileSync(card, 'utf8')), card).preprocess).toEqual(model.preprocess);
  });

  it('takes the card a model brings over the proposal', async () => {
    const model = await call('models.import', { projectId, path: join(demo, 'model.onnx') });
    // Same bytes as the bare copy: one model, whose card is now the demo's own.
    expect(model.preprocess).toMatchObject({ resize: 0, crop: 28, mean: [0.286], std: [0.353] });
  });

  it('runs with the edited preprocessing, and refuses an edit that cannot fit the model', async () => {
    const [model] = await call('models.list', { projectId });
    const edited: PreprocessSpec = {
      resize: 0,
      crop: 28,
      channels: 1,
      mean: [0.3],
      std: [0.35],
      layout: 'nchw',
    };
    const saved = await call('models.setPreprocess', { modelId: model.id, preprocess: edited });
    expect(saved.preprocess).toEqual(edited);
    expect((await call('models.list', { projectId }))[0].preprocess).toEqual(edited);

    const job = await call('runs.queue', {
      projectId,
      modelId: model.id,
      datasetId,
      config: null,
      images: 20,
    });
    const run = await finishedRun(job.id);
    expect(run.preprocess).toEqual(edited);
    expect(run.preprocessSource).toContain(modelCardFile(model.path));

    const crop32 = await app.call('models.setPreprocess', {
      modelId: model.id,
      preprocess: { ...edited, crop: 32 },
    });
    expect(crop32).toEqual({
      ok: false,
      error: {
        code: 'invalid-request',
        message:
          'preprocess: the model "Fashion-MNIST ResNet (demo)" expects input [?, 1, 28, 28], but the ' +
          'preprocessing gives [N, 1, 32, 32] (NCHW)',
      },
    });
    const twoChannels = await app.call('models.setPreprocess', {
      modelId: model.id,
      preprocess: { ...edited, channels: 2 },
    });
    expect(twoChannels).toMatchObject({ ok: false, error: { code: 'invalid-config' } });
    expect(!twoChannels.ok && twoChannels.error.message).toMatch(/channels.*must be 1 \(grayscale\) or 3/);
    // Neither refusal changed what is stored.
    expect((await call('models.list', { projectId }))[0].preprocess).toEqual(edited);
  });

  it('refuses to queue a run whose stored card does not fit the model, saying where to edit it', async () => {
    const [model] = await call('models.list', { projectId });
    const card = modelCardFile(model.path);
    const wrong = { ...JSON.parse(readFileSync(card, 'utf8')), preprocess: { crop: 224, channels: 3 } };
    writeFileSync(card, JSON.stringify(wrong));
    const queued = await app.call('runs.queue', { projectId, modelId: model.id, datasetId, config: null });
    expect(queued).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(!queued.ok && queued.error.message).toBe(
      'the model "Fashion-MNIST ResNet (demo)" expects input [?, 1, 28, 28], but the preprocessing gives ' +
        '[N, 3, 224, 224] (NCHW): edit its preprocessing in Models & data',
    );
    expect(await call('jobs.list', {})).toHaveLength(1);
  });
});
