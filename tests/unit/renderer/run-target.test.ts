// The experiment builder's checks before queueing: the API's own schemas, and image counts against the dataset.
import { describe, expect, it } from 'vitest';
import type { DatasetInfo, ModelInfo } from '../../../src-shared/api/api';
import { checkRequest, isClear, queueRequest, type RunTarget } from '../../../src-renderer/lib/run-target';

const model = { id: 1, path: '/data/models/demo.onnx' } as ModelInfo;
const dataset = { id: 2, root: '/data/demo/images', imageCount: 1000 } as DatasetInfo;
const target: RunTarget = {
  modelId: 1,
  datasetId: 2,
  images: 500,
  sample: 'stratified',
  trials: 3,
  calibrationImages: 100,
  seed: 0,
  statisticsImages: 32,
};
const sweep = { name: '', base: {}, axes: [{ path: 'adc.bits', values: [4, 8] }] };

function checkRun(changes: Partial<RunTarget>, calibrates = true) {
  const request = queueRequest(7, { ...target, ...changes }, {}, null, [model, dataset]);
  return checkRequest(request, dataset, calibrates);
}

function checkSweep(changes: Partial<RunTarget>, axes = sweep.axes) {
  const request = queueRequest(7, { ...target, ...changes }, {}, { ...sweep, axes }, [model, dataset]);
  return checkRequest(request, dataset, false);
}

describe('queueRequest', () => {
  it('is a run of the config on the target, or a sweep spec on the model file and image folder', () => {
    expect(queueRequest(7, target, { adc: { bits: 6 } }, null, [model, dataset])).toEqual({
      kind: 'run',
      params: { projectId: 7, ...target, config: { adc: { bits: 6 } } },
    });
    const request = queueRequest(7, target, {}, sweep, [model, dataset]);
    expect(request).toMatchObject({
      kind: 'sweep',
      params: {
        projectId: 7,
        spec: {
          name: 'sweep',
          model: model.path,
          data: dataset.root,
          images: { count: 500, sample: 'stratified', seed: 0 },
          calibration: { count: 100, seed: 1 },
          trials: 3,
        },
      },
    });
  });
});

describe('checkRequest', () => {
  it('passes what the API accepts', () => {
    expect(isClear(checkRun({}))).toBe(true);
    expect(isClear(checkSweep({}))).toBe(true);
  });

  it("places the API schema's messages beside their fields", () => {
    expect(checkRun({ trials: -2 }).fields).toEqual({ trials: 'must be an integer 1..1000' });
    expect(checkRun({ images: 0 }).fields).toEqual({ images: 'must be an integer 1..10000000' });
    // A cleared number input holds null.
    expect(checkRun({ seed: null as unknown as number }).fields).toEqual({
      seed: 'must be an integer 0..2147483647',
    });
    expect(checkRun({ statisticsImages: 2000 }).fields).toEqual({
      statisticsImages: 'must be an integer 0..1024',
    });
    // A sweep is checked by the sweep spec's schema, its fields mapped back to the builder's.
    expect(checkSweep({ trials: 0, images: 1.5 }).fields).toEqual({
      trials: 'must be an integer 1..10000',
      images: 'must be an integer 1..10000000',
    });
  });

  it('refuses more images than the dataset has', () => {
    const check = checkRun({ images: 5000 });
    expect(check.fields).toEqual({ images: '5000 asked for, the dataset has 1000' });
    expect(isClear(check)).toBe(false);
    expect(checkSweep({ images: 5000 }).fields).toEqual({ images: '5000 asked for, the dataset has 1000' });
  });

  it('sets calibration images aside from the test images when the config calibrates, and always for a sweep', () => {
    const message = "100 asked for, but only 50 of the dataset's 1000 are left after the 950 test images";
    expect(checkRun({ images: 950 }).fields).toEqual({ calibrationImages: message });
    expect(isClear(checkRun({ images: 950 }, false))).toBe(true);
    expect(isClear(checkRun({ images: 1000 }, false))).toBe(true);
    expect(checkSweep({ images: 950 }).fields).toEqual({ calibrationImages: message });
  });

  it('says what no field holds as a sentence', () => {
    const check = checkSweep({}, [{ path: 'adc.bits', values: [] }]);
    expect(check.fields).toEqual({});
    expect(check.other).toEqual(['Sweep axes: must list at least one value.']);
  });
});
