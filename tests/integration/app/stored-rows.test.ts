// Stored JSON is read back through the schema that wrote it (issue 18, item 4): a row from before a field existed
// reads with that field's default, a row the schema refuses is named with its field, never cast and passed on.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hardwareSchema } from '../../../src-shared/config/hardware';
import { modelInfo, runInfo, savedHardwareConfig } from '../../../src-main/app/api/records';
import { parseStoredRequest } from '../../../src-main/app/runs/run-request';
import { storedRunConfig } from '../../../src-main/app/runs/stored-runs';
import { openStore } from '../../../src-main/store';
import { createRun, seedCatalog } from '../../unit/store/fixtures';

const store = openStore(join(mkdtempSync(join(tmpdir(), 'cb-stored-rows-')), 'crossbar.db'));
const catalog = seedCatalog(store);

afterAll(() => store.close());

describe('a stored run config', () => {
  it('from before a field existed reads with the defaults of every field it lacks', () => {
    const run = createRun(store, catalog, { config: { adc: { bits: 8 } } });
    const expected = hardwareSchema.parse({ adc: { bits: 8 } });
    expect(storedRunConfig(run)).toEqual(expected);
    expect(runInfo(store, run).config).toEqual(expected);
    expect(runInfo(store, run).config?.device.readNoise.model).toBe('none');
  });

  it('that the schema refuses is named with its run and field', () => {
    const run = createRun(store, catalog, { config: { adc: { bits: 'eight' } } });
    expect(() => storedRunConfig(run)).toThrow(`the config stored with run ${run.id}`);
    expect(() => storedRunConfig(run)).toThrow(/adc\.bits/);
  });

  it('of a digital-only run is null', () => {
    expect(storedRunConfig(createRun(store, catalog, { config: null }))).toBeNull();
  });

  it('saved by name reads with the defaults too', () => {
    const saved = store.hardwareConfigs.save({
      projectId: catalog.project.id,
      name: 'old',
      config: { mapping: { slices: 2 } },
    });
    expect(savedHardwareConfig(saved).config).toEqual(hardwareSchema.parse({ mapping: { slices: 2 } }));
  });
});

describe('a stored run request', () => {
  it('from before samples were recorded resumes on the first images, as it ran then', () => {
    const request = parseStoredRequest(
      { modelFile: 'm.onnx', limit: 50, config: { adc: { bits: 6 } } },
      'r1',
    );
    expect(request).toMatchObject({ modelFile: 'm.onnx', limit: 50, sample: 'first', seed: 0 });
    expect(request.config).toEqual(hardwareSchema.parse({ adc: { bits: 6 } }));
  });

  it('that no longer fits is refused with the run and the field named', () => {
    expect(() => parseStoredRequest({ limit: -3, sample: 'random', seed: 1 }, 'r2')).toThrow(
      /the request stored with run r2.*limit/s,
    );
    expect(() => parseStoredRequest({ sample: 'shuffled', seed: 1 }, 'r3')).toThrow(/sample/);
  });
});

describe('a stored model input', () => {
  it('from before its output was recorded reads with none named', () => {
    expect(modelInfo(catalog.model).input).toEqual({ name: 'input', shape: [1, 3, 32, 32], output: '' });
  });
});
