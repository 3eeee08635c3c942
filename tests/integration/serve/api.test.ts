// The API through `serve` as a browser would use it: real HTTP, a real WebSocket, real SQLite, real workers.
// A new user's session end to end, then everything the server must refuse without changing anything.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ApiEvent, ApiMethod, ApiParams, ApiResult, JobInfo } from '../../../src-shared/api/api';
import type { HardwareConfigInput } from '../../../src-shared/config/hardware';
import { presetConfig } from '../../../src-shared/config/presets';
import { startAppHost, type AppHost } from '../../../src-main/app/app-host';
import { resourcesDir } from '../../../src-main/app/paths';
import { startServer, type RunningServer } from '../../../src-main/serve/server';

const token = 'api-test-token-0123456789abcdef';
const demo = join(resourcesDir(), 'demo');
let app: AppHost;
let server: RunningServer;
let dataRoot: string;
const base = () => `http://127.0.0.1:${server.port}`;
const cookie = { cookie: `crossbar_token=${token}` };

beforeAll(async () => {
  dataRoot = mkdtempSync(join(tmpdir(), 'cb-api-'));
  app = startAppHost({
    databaseFile: join(dataRoot, 'crossbar.db'),
    cacheDir: mkdtempSync(join(tmpdir(), 'cb-cache-')),
    pool: { workers: 1, threadsPerWorker: 2 },
  });
  const renderer = mkdtempSync(join(tmpdir(), 'cb-renderer-'));
  writeFileSync(join(renderer, 'index.html'), '<h1>app</h1>');
  server = await startServer({ rendererDir: renderer, port: 0, token, app });
});

afterAll(async () => {
  await server.close();
  await app.close();
});

async function post(method: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${base()}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...cookie, ...headers },
    body,
  });
  return { status: response.status, text: await response.text() };
}

/** A call that must succeed; its typed result. */
async function call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>> {
  const { status, text } = await post(method, JSON.stringify(params));
  const reply = JSON.parse(text) as { ok: boolean; result: ApiResult<M> };
  expect(reply.ok, `${method}: ${text}`).toBe(true);
  expect(status).toBe(200);
  return reply.result;
}

/** A call that must fail; its status and error. */
async function failing(method: string, params: unknown) {
  const { status, text } = await post(method, JSON.stringify(params));
  const reply = JSON.parse(text) as { ok: boolean; error: { code: string; message: string } };
  expect(reply.ok).toBe(false);
  return { status, ...reply.error };
}

function watch(): { socket: WebSocket; events: ApiEvent[]; opened: Promise<void> } {
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}/api/events`, { headers: cookie });
  const events: ApiEvent[] = [];
  socket.on('message', (data) => events.push(JSON.parse(String(data)) as ApiEvent));
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, events, opened };
}

function jobEnd(events: ApiEvent[], jobId: string): Promise<JobInfo> {
  return new Promise((resolve) => {
    const poll = setInterval(() => {
      const end = events.find(
        (e) =>
          e.type === 'job' && e.job.id === jobId && ['finished', 'failed', 'cancelled'].includes(e.job.state),
      );
      if (end && end.type === 'job') {
        clearInterval(poll);
        resolve(end.job);
      }
    }, 50);
  });
}

describe('the API over serve', () => {
  it("goes through a new user's session: project, model, dataset, config, run, statistics, cells, sweep, export", async () => {
    const project = await call('projects.create', { name: 'Lab' });
    expect(await failing('projects.create', { name: 'Lab' })).toMatchObject({
      status: 409,
      code: 'conflict',
    });

    // The demo model, copied into the project's folder under its content hash, with its description.
    const model = await call('models.import', { projectId: project.id, path: join(demo, 'model.onnx') });
    const sha = createHash('sha256')
      .update(readFileSync(join(demo, 'model.onnx')))
      .digest('hex');
    expect(model.sha256).toBe(sha);
    expect(model.path).toBe(join(dataRoot, 'projects', String(project.id), 'models', `${sha}.onnx`));
    expect(readFileSync(model.path)).toEqual(readFileSync(join(demo, 'model.onnx')));
    expect(model.name).toBe('Fashion-MNIST ResNet (demo)');
    // The same file uploaded by a browser is the same model.
    const upload = await fetch(`${base()}/api/upload`, {
      method: 'POST',
      headers: cookie,
      body: readFileSync(join(demo, 'model.onnx')),
    });
    const { result } = (await upload.json()) as { result: { uploadId: string } };
    const uploaded = await call('models.import', { projectId: project.id, uploadId: result.uploadId });
    expect(uploaded.id).toBe(model.id);
    expect(existsSync(join(dataRoot, 'uploads', `${result.uploadId}.part`))).toBe(false);

    // Layers and their tiling (§3): T = ⌈C_in / ⌊rowsMax / k⌋⌉ row partitions, ⌈cols / colsMax⌉ column ones.
    const config = { array: { rowsMax: 64, colsMax: 32 } };
    const layers = await call('models.layers', { modelId: model.id, config });
    const analog = layers.filter((layer) => layer.analog);
    expect(analog.length).toBeGreaterThan(3);
    for (const layer of analog) {
      const kernel = layer.weightShape.slice(2).reduce((a, b) => a * b, 1);
      const inputs = layer.rows / kernel;
      expect(layer.rowPartitions).toBe(Math.ceil(inputs / Math.floor(64 / kernel)));
      expect(layer.colPartitions).toBe(Math.ceil(layer.cols / 32));
      expect(layer.arrays).toBe(layer.rowPartitions * layer.colPartitions * layer.slices);
    }

    const dataset = await call('datasets.register', { projectId: project.id, root: join(demo, 'images') });
    expect(dataset).toMatchObject({ layout: 'class-folders', imageCount: 1000, classCount: 10 });

    expect((await call('hardware.presets', {})).map((p) => p.name)).toEqual(['SONOS', 'ISAAC', 'PRIME']);
    const invalid = await call('hardware.validate', { config: { adc: { bits: 'eight' } } });
    expect(invalid).toMatchObject({ ok: false, message: expect.stringContaining('adc.bits') });
    const prime = presetConfig('PRIME');
    const noisy: HardwareConfigInput = {
      ...prime,
      device: { ...prime.device, programmingError: { model: 'state-independent', alpha: 0.05 } },
    };
    const saved = await call('hardware.save', { projectId: project.id, name: 'noisy PRIME', config: noisy });
    expect((await call('hardware.list', { projectId: project.id })).map((c) => c.id)).toEqual([saved.id]);

    // A run, watched by two clients; one disconnects half-way, the run and the other client carry on.
    const first = watch();
    const second = watch();
    await Promise.all([first.opened, second.opened]);
    const job = await call('runs.queue', {
      projectId: project.id,
      modelId: model.id,
      datasetId: dataset.id,
      config: saved.config,
      images: 200,
      trials: 2,
      calibrationImages: 40,
      statisticsImages: 16,
      seed: 5,
    });
    await new Promise<void>((resolve) => {
      second.socket.on('message', () => {
        if (second.events.some((e) => e.type === 'job' && e.job.progress.imagesDone > 0)) resolve();
      });
    });
    second.socket.terminate();
    const end = await jobEnd(first.events, job.id);
    first.socket.close();
    expect(end.state).toBe('finished');
    const runId = end.runIds[0];
    const run = await call('runs.get', { runId });
    expect(run).toMatchObject({ state: 'finished', images: 200, projectId: project.id });
    expect(run.analog!.trials).toHaveLength(2);
    expect((await call('runs.list', { projectId: project.id })).map((r) => r.id)).toEqual([runId]);

    // Cell maps re-created from the run's seed reproduce the programming error the run stored for that array.
    const arrays = await call('runs.arrays', { runId, trial: 1 });
    expect(arrays.length).toBeGreaterThan(0);
    const stat = arrays[0];
    const cells = await call('runs.arrayCells', {
      runId,
      trial: 1,
      layer: stat.layer,
      rowPartition: stat.rowPartition,
      colPartition: stat.colPartition,
      slice: stat.slice,
    });
    const errors = cells.planes.flatMap((plane) => plane.programmed.map((g, i) => g - plane.target[i]));
    expect(errors).toHaveLength(cells.rows * cells.cols * cells.planes.length);
    const rms = Math.sqrt(errors.reduce((sum, e) => sum + e * e, 0) / errors.length);
    expect(rms).toBeCloseTo(stat.progErrorRms!, 6);
    // Every column converts equally often, so the per-column clipping averages to the array's.
    expect(cells.columnClipping).toHaveLength(cells.cols);
    const meanClipping = cells.columnClipping!.reduce((a, b) => a + b, 0) / cells.cols;
    expect(meanClipping).toBeCloseTo(stat.clippedFraction!, 12);
    expect((await call('runs.layers', { runId, trial: 0 })).length).toBeGreaterThan(0);

    const comparison = await call('compare.accuracy', { runIds: [runId], parameter: 'adc.bits' });
    expect(comparison).toEqual([
      expect.objectContaining({
        runId,
        value: prime.adc.bits,
        trials: 2,
        analogTop1Mean: run.analog!.top1Mean,
      }),
    ]);
    const csv = await call('export.runs', { runIds: [runId], format: 'csv' });
    expect(csv.fileName).toBe('runs.csv');
    expect(csv.text.split('\r\n')[1]).toContain(runId);

    // A sweep over the project's model and dataset, validated first, queued, exported.
    const spec = {
      name: 'ADC bits',
      model: model.path,
      data: dataset.root,
      images: { count: 60 },
      calibration: { count: 20 },
      base: 'preset:PRIME',
      axes: [{ path: 'adc.bits', values: [4, 8] }],
      trials: 1,
    };
    expect(
      await call('sweeps.validate', { spec: { ...spec, axes: [{ path: 'adc.nope', values: [1] }] } }),
    ).toMatchObject({
      ok: false,
    });
    expect(await call('sweeps.validate', { spec })).toEqual({ ok: true, points: 2 });
    const watcher = watch();
    await watcher.opened;
    const queued = await call('sweeps.queue', { projectId: project.id, spec });
    expect((await jobEnd(watcher.events, queued.job.id)).state).toBe('finished');
    watcher.socket.close();
    const table = await call('sweeps.table', { sweepId: queued.sweep.id });
    expect(table.rows.map((row) => row[0])).toEqual([4, 8]);
    const exported = await call('export.sweep', { sweepId: queued.sweep.id, format: 'json' });
    expect((JSON.parse(exported.text) as { rows: unknown[] }).rows).toHaveLength(2);
    expect((await call('jobs.list', {})).map((j) => j.state)).toEqual(['finished', 'finished']);

    // Deleting needs the project's name repeated; a wrong one deletes nothing.
    expect(await failing('projects.delete', { projectId: project.id, confirmName: 'lab' })).toMatchObject({
      status: 400,
      code: 'invalid-request',
    });
    expect((await call('runs.list', { projectId: project.id })).length).toBe(3);
    await call('projects.rename', { projectId: project.id, name: 'Lab 2' });
    await call('projects.archive', { projectId: project.id, archived: true });
    expect(await call('projects.list', {})).toEqual([]);
    expect((await call('projects.list', { includeArchived: true })).map((p) => p.name)).toEqual(['Lab 2']);
    await call('projects.delete', { projectId: project.id, confirmName: 'Lab 2' });
    expect(await call('runs.list', {})).toEqual([]);
  });

  it('names the file of a corrupt model and stores nothing', async () => {
    const project = await call('projects.create', { name: 'Corrupt' });
    const file = join(mkdtempSync(join(tmpdir(), 'cb-bad-')), 'broken.onnx');
    writeFileSync(file, randomBytes(2000));
    const error = await failing('models.import', { projectId: project.id, path: file });
    expect(error).toMatchObject({ status: 422, code: 'invalid-model' });
    expect(error.message).toContain(file);
    expect(await call('models.list', { projectId: project.id })).toEqual([]);
  });

  describe('refuses, with the right status and nothing changed', () => {
    let before: string;
    beforeAll(async () => {
      before = JSON.stringify(await call('projects.list', { includeArchived: true }));
    });
    afterAll(async () => {
      expect(JSON.stringify(await call('projects.list', { includeArchived: true }))).toBe(before);
    });
    const create = JSON.stringify({ name: 'Intruder' });

    it.each([
      ['no token', {}, 401],
      ['a wrong token', { cookie: 'crossbar_token=wrong-token-0123456789abcdefgh' }, 401],
      ['a foreign Host (DNS rebinding)', { ...cookie, host: 'evil.example:80' }, 403],
      ['a cross-site Origin', { ...cookie, origin: 'http://evil.example' }, 403],
    ])('a request with %s', async (_what, headers, status) => {
      // node:http rather than fetch, which would not send a Host header of our choosing.
      const response = await new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: server.port,
            path: '/api/projects.create',
            method: 'POST',
            headers: { 'content-type': 'application/json', ...headers },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end(create);
      });
      expect(response).toBe(status);
    });

    it('malformed JSON (400), an oversized body (413), another content type (415), GET (405)', async () => {
      expect((await post('projects.create', '{"name": "x"')).status).toBe(400);
      expect((await post('projects.create', JSON.stringify({ name: 'x'.repeat(2 << 20) }))).status).toBe(413);
      expect((await post('projects.create', create, { 'content-type': 'text/plain' })).status).toBe(415);
      const get = await fetch(`${base()}/api/projects.list`, { headers: cookie });
      expect(get.status).toBe(405);
    });

    it('an unknown method (404) and invalid params naming the field (400)', async () => {
      expect(await failing('projects.drop', {})).toMatchObject({ status: 404, code: 'unknown-method' });
      const invalid = await failing('projects.create', { name: '', extra: 1 });
      expect(invalid).toMatchObject({ status: 400, code: 'invalid-request' });
      expect(invalid.message).toMatch(/name/);
      expect(invalid.message).toMatch(/extra/);
      const traversal = await failing('models.import', { projectId: 1, uploadId: '../../crossbar.db' });
      expect(traversal).toMatchObject({ status: 400, code: 'invalid-request' });
    });

    it('an event socket without the token', async () => {
      const socket = new WebSocket(`ws://127.0.0.1:${server.port}/api/events`);
      const status = await new Promise((resolve) =>
        socket.on('unexpected-response', (_req, res) => resolve(res.statusCode)),
      );
      expect(status).toBe(401);
    });

    it('a connection from another address than loopback', async () => {
      const external = Object.values(networkInterfaces())
        .flat()
        .find((address) => address && address.family === 'IPv4' && !address.internal);
      if (!external) return; // a machine with loopback only cannot be reached from elsewhere at all
      await expect(fetch(`http://${external.address}:${server.port}/`)).rejects.toThrow();
    });
  });
});
