// The ResNet50-shaped benchmark model: its shape, its analysis (54 analog layers, every BN folded) and sane logits.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildResNet50, type BuiltModel } from '../../../../bench/models/resnet50';
import { SeededRandom } from '../../../../src-main/sim/devices/seeded-random';
import { findAnalogLayers, type AnalysisResult } from '../../../../src-main/sim/onnx/analog-layers';
import { applyDigitally } from '../../../../src-main/sim/onnx/digital-layer';
import type { ModelProto } from '../../../../src-main/sim/onnx/proto';
import { decodeModel } from '../../../../src-main/sim/onnx/read-model';
import { encode, expectSameOutputs, runModel } from './run-model';

let built: BuiltModel;
let model: ModelProto;
let analysis: AnalysisResult;

function images(count: number, seed: number): Float32Array {
  const random = new SeededRandom(seed);
  return Float32Array.from({ length: count * 3 * 224 * 224 }, () => random.normal());
}

beforeAll(async () => {
  built = await buildResNet50();
  model = decodeModel(built.bytes, 'resnet50.onnx');
  analysis = findAnalogLayers(model, { digitalLayers: [], file: 'resnet50.onnx' });
}, 120_000);

describe('the ResNet50-shaped model', () => {
  it('has torchvision ResNet50 parameter count', () => {
    expect(built.parameterCount).toBe(25_557_032);
    expect(built.inputShape).toEqual([1, 3, 224, 224]);
  });

  it('has 53 convolutions and one Gemm, each conv with its BatchNormalization folded', () => {
    const { layers, digitalKept } = analysis;
    expect(layers).toHaveLength(54);
    expect(digitalKept).toEqual([]);
    const convs = layers.filter((layer) => layer.kind === 'conv');
    expect(convs).toHaveLength(53);
    expect(convs.every((layer) => layer.nodeIndices.length === 2 && layer.bias !== null)).toBe(true);
    expect(layers.filter((layer) => layer.name.endsWith('downsample.0'))).toHaveLength(4);
    expect(layers[0]).toMatchObject({ name: 'conv1', matrixRows: 147, outputChannels: 64, kernelSize: 49 });
    expect(layers.at(-1)).toMatchObject({ name: 'fc', kind: 'gemm', matrixRows: 2048, outputChannels: 1000 });
    // Analog weights + the BN scale and shift per conv channel + the fc bias = the trained parameters.
    const weights = layers.reduce((sum, layer) => sum + layer.weights.length, 0);
    const convChannels = convs.reduce((sum, layer) => sum + layer.outputChannels, 0);
    expect(weights + 2 * convChannels + 1000).toBe(built.parameterCount);
  });

  it('keeps the stem and the classifier digital with digitalLayers ["first", "last"]', () => {
    const options = { digitalLayers: ['first', 'last', 'layer3.2.conv2'], file: 'resnet50.onnx' };
    const { layers, digitalKept } = findAnalogLayers(model, options);
    expect(layers).toHaveLength(51);
    expect(digitalKept.map((kept) => kept.name)).toEqual(['conv1', 'layer3.2.conv2', 'fc']);
  });

  it('gives finite logits that differ across classes and images', async () => {
    const [logits] = await runModel(built.bytes, images(2, 1), [2, 3, 224, 224]);
    expect(logits.every(Number.isFinite)).toBe(true);
    const [first, second] = [logits.subarray(0, 1000), logits.subarray(1000)];
    expect(standardDeviation(first)).toBeGreaterThan(0.5);
    expect(standardDeviation(first.map((value, i) => value - second[i]))).toBeGreaterThan(0.01);
  }, 60_000);

  it('computes the same logits with every layer rebuilt from the analysis', async () => {
    const input = images(1, 2);
    const expected = await runModel(built.bytes, input, built.inputShape);
    const rebuilt = await runModel(encode(applyDigitally(model, analysis.layers)), input, built.inputShape);
    expectSameOutputs(rebuilt, expected);
  }, 60_000);
});

function standardDeviation(values: Float32Array): number {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length);
}
