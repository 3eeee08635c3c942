// Each analysed layer, rebuilt digitally from its folded weights and bias, computes what the original model does.
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../../src-main/sim/devices/seeded-random';
import { findAnalogLayers } from '../../../../src-main/sim/onnx/analog-layers';
import { applyDigitally } from '../../../../src-main/sim/onnx/digital-layer';
import { decodeModel } from '../../../../src-main/sim/onnx/read-model';
import * as models from '../../../unit/sim/onnx/models';
import { encode, expectSameOutputs, runModel } from './run-model';

const cases: [string, () => models.TestModel, string[]][] = [
  ['convModel', models.convModel, []],
  ['depthwiseModel', models.depthwiseModel, []],
  ['groupedModel', models.groupedModel, []],
  ['gemmModel', models.gemmModel, []],
  ['gemmTransAModel', models.gemmTransAModel, []],
  ['matmulModel', models.matmulModel, []],
  ['matmul3dModel', models.matmul3dModel, []],
  ['attentionModel', models.attentionModel, []],
  ['attentionModel, first and last kept digital', models.attentionModel, ['first', 'last']],
  ['convBnModel', models.convBnModel, []],
  ['gemmBnModel', models.gemmBnModel, []],
  ['matmulBnModel', models.matmulBnModel, []],
  ['matmul3dBnModel', models.matmul3dBnModel, []],
];

describe('applyDigitally', () => {
  it.each(cases)('gives the outputs of %s', async (_name, build, digitalLayers) => {
    const { bytes, inputShape } = build();
    const model = decodeModel(bytes, 'test.onnx');
    const { layers } = findAnalogLayers(model, { digitalLayers, file: 'test.onnx' });
    const rebuilt = applyDigitally(model, layers);
    const random = new SeededRandom(7);
    const input = Float32Array.from({ length: inputShape.reduce((a, b) => a * b, 1) }, () => random.normal());
    const expected = await runModel(bytes, input, inputShape);
    expectSameOutputs(await runModel(encode(rebuilt), input, inputShape), expected);
    // No BatchNormalization is left that the analysis folded.
    const batchNorms = (m: typeof model) =>
      m.graph?.node?.filter((node) => node.opType === 'BatchNormalization').length;
    const folded = layers.filter((layer) => layer.nodeIndices.length === 2).length;
    expect(batchNorms(rebuilt)).toBe((batchNorms(model) ?? 0) - folded);
  });
});
