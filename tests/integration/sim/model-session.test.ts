// Model loading and inference for models as users bring them: fixed batch sizes, [N, C, 1, 1] outputs, bad files.
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../../src-main/sim/onnx/graph-builder';
import {
  checkInputFits,
  createModelSession,
  ModelError,
  runLogits,
} from '../../../src-main/sim/evaluate/model-session';
import { parsePreprocess } from '../../../src-shared/config/preprocess';

const weights = [0.5, -2, 3];
const biases = [1, 0, -1];

/** Conv 1×1 (1 → 3 channels) then GlobalAveragePool: logit c = w_c · mean(x) + b_c, output [batch, 3, 1, 1]. */
function pooledConvModel(batch: number | string): Uint8Array {
  const graph = new GraphBuilder();
  const x = graph.input('image', [batch, 1, 4, 4]);
  const w = graph.constant('w', [3, 1, 1, 1], weights);
  const b = graph.constant('b', [3], biases);
  const pooled = graph.op('GlobalAveragePool', [graph.op('Conv', [x, w, b])]);
  graph.output(pooled, [batch, 3, 1, 1]);
  return graph.encode();
}

/** A TensorFlow-style export: NHWC [N, 4, 6, 3] transposed to NCHW before its Conv. */
function channelsLastModel(): Uint8Array {
  const graph = new GraphBuilder();
  const x = graph.input('image', ['N', 4, 6, 3]);
  const nchw = graph.op('Transpose', [x], { perm: [0, 3, 1, 2] });
  const w = graph.constant('w', [2, 3, 1, 1], [1, 0, 0, 0, 1, 0]);
  const pooled = graph.op('GlobalAveragePool', [graph.op('Conv', [nchw, w])]);
  graph.output(pooled, ['N', 2, 1, 1]);
  return graph.encode();
}

/** Features [N, 3, 4, 4] first, then the pooled logits [N, 3]: a model that returns several outputs. */
function featuresAndLogitsModel(): Uint8Array {
  const graph = new GraphBuilder();
  const x = graph.input('image', ['N', 1, 4, 4]);
  const w = graph.constant('w', [3, 1, 1, 1], weights);
  const b = graph.constant('b', [3], biases);
  const features = graph.op('Conv', [x, w, b]);
  const logits = graph.op('Flatten', [graph.op('GlobalAveragePool', [features])]);
  graph.output(features, ['N', 3, 4, 4]);
  graph.output(logits, ['N', 3]);
  return graph.encode();
}

function images(count: number): Float32Array {
  return Float32Array.from({ length: count * 16 }, (_, i) => ((i * 7) % 11) / 10 - 0.3);
}

function expectedLogits(tensor: Float32Array, count: number): number[] {
  return Array.from({ length: count }, (_, n) => {
    const mean = tensor.subarray(n * 16, n * 16 + 16).reduce((a, v) => a + v, 0) / 16;
    return weights.map((w, c) => w * mean + biases[c]);
  }).flat();
}

describe('runLogits', () => {
  it.each([
    ['a dynamic batch', 'N' as const],
    ['a fixed batch of 1, fed image by image', 1],
    ['a fixed batch of 2, the last chunk padded', 2],
  ])('gives each image its own logits for %s', async (_what, batch) => {
    const model = await createModelSession('pooled.onnx', pooledConvModel(batch));
    const tensor = images(5);
    const { logits, classes } = await runLogits(model, tensor, [5, 1, 4, 4]);
    expect(classes).toBe(3);
    const expected = expectedLogits(tensor, 5);
    expect(logits).toHaveLength(expected.length);
    logits.forEach((value, i) => expect(value).toBeCloseTo(expected[i], 5));
    await model.session.release();
  });
});

describe('models with several outputs', () => {
  it('reads the first output declared [N, classes], or the one the model card names', async () => {
    const model = await createModelSession('two.onnx', featuresAndLogitsModel());
    expect(model.outputName).toBe(model.session.outputNames[1]);
    const { logits } = await runLogits(model, images(2), [2, 1, 4, 4]);
    logits.forEach((value, i) => expect(value).toBeCloseTo(expectedLogits(images(2), 2)[i], 5));
    await model.session.release();
    const named = await createModelSession('two.onnx', featuresAndLogitsModel(), {
      outputName: model.session.outputNames[1],
    });
    expect(named.outputName).toBe(model.session.outputNames[1]);
    await named.session.release();
    await expect(
      createModelSession('two.onnx', featuresAndLogitsModel(), { outputName: 'probs' }),
    ).rejects.toThrow(/two\.onnx has no output "probs" \(the model card's "output"\); its outputs are/);
  });
});

describe('model checks', () => {
  it('names the file when the bytes are not an ONNX model', async () => {
    await expect(createModelSession('/data/broken.onnx', new Uint8Array([1, 2, 3, 4]))).rejects.toThrow(
      /\/data\/broken\.onnx is not a loadable ONNX model/,
    );
  });

  it('names the declared and the preprocessed shapes when they differ', async () => {
    const model = await createModelSession('pooled.onnx', pooledConvModel('N'));
    const spec = (channels: 1 | 3, layout: 'nchw' | 'nhwc' = 'nchw') =>
      parsePreprocess({ resize: 0, crop: 4, channels, mean: [0], std: [1], layout });
    expect(() => checkInputFits(model, spec(1))).not.toThrow();
    expect(() => checkInputFits(model, spec(3))).toThrow(ModelError);
    expect(() => checkInputFits(model, spec(3))).toThrow(
      'pooled.onnx expects input [?, 1, 4, 4], but the preprocessing gives [N, 3, 4, 4] (NCHW)',
    );
    expect(() => checkInputFits(model, spec(1, 'nhwc'))).toThrow('gives [N, 4, 4, 1] (NHWC)');
    await model.session.release();
  });

  it('accepts channels-last preprocessing for a model that takes NHWC, and points to it when it is missing', async () => {
    const model = await createModelSession('nhwc.onnx', channelsLastModel());
    const spec = (layout: 'nchw' | 'nhwc') =>
      parsePreprocess({ resize: 0, crop: [4, 6], channels: 3, mean: [0], std: [1], layout });
    expect(() => checkInputFits(model, spec('nhwc'))).not.toThrow();
    expect(() => checkInputFits(model, spec('nchw'))).toThrow(/channels last: "layout": "nhwc"/);
    await model.session.release();
  });
});
