// The layer analysis finds exactly the analog layers of §1, with BatchNormalization folded, and says why not.
import { describe, expect, it } from 'vitest';
import { findAnalogLayers, type AnalogLayer } from '../../../../src-main/sim/onnx/analog-layers';
import { OnnxModelError } from '../../../../src-main/sim/onnx/onnx-model-error';
import { decodeModel } from '../../../../src-main/sim/onnx/read-model';
import * as models from './models';

/** One line of facts per layer; the weights themselves are checked against onnxruntime in the integration tests. */
function summary(layer: AnalogLayer): string {
  const group = layer.conv ? `, group ${layer.conv.group}` : '';
  const folded = layer.nodeIndices.length === 2 ? ', BN folded' : '';
  return (
    `${layer.name}: ${layer.kind} ${layer.inputChannels}→${layer.outputChannels}, kernel ${layer.kernelSize}, ` +
    `rows ${layer.matrixRows}${group}, ${layer.bias ? 'bias' : 'no bias'}${folded}`
  );
}

describe('findAnalogLayers', () => {
  it.each([
    [
      'convModel',
      models.convModel,
      [
        'conv: conv 3→4, kernel 9, rows 27, group 1, bias',
        'conv_same: conv 4→5, kernel 6, rows 24, group 1, no bias',
      ],
    ],
    ['depthwiseModel', models.depthwiseModel, ['depthwise: conv 6→6, kernel 9, rows 9, group 6, bias']],
    ['groupedModel', models.groupedModel, ['grouped: conv 6→8, kernel 9, rows 27, group 2, no bias']],
    [
      'gemmModel',
      models.gemmModel,
      ['gemm: gemm 5→4, kernel 1, rows 5, bias', 'gemm_matrix_c: gemm 4→6, kernel 1, rows 4, no bias'],
    ],
    ['gemmTransAModel', models.gemmTransAModel, ['gemm_trans_a: gemm 5→4, kernel 1, rows 5, bias']],
    ['matmulModel', models.matmulModel, ['matmul: matmul 6→5, kernel 1, rows 6, no bias']],
    ['matmul3dModel', models.matmul3dModel, ['matmul_batched: matmul 6→5, kernel 1, rows 6, no bias']],
    [
      'convBnModel',
      models.convBnModel,
      [
        'conv: conv 3→4, kernel 9, rows 27, group 1, bias, BN folded',
        'conv2: conv 4→6, kernel 1, rows 4, group 1, bias, BN folded',
      ],
    ],
    ['gemmBnModel', models.gemmBnModel, ['fc: gemm 6→5, kernel 1, rows 6, bias, BN folded']],
    ['matmulBnModel', models.matmulBnModel, ['matmul: matmul 6→5, kernel 1, rows 6, bias, BN folded']],
    // BN over axis 1 of [batch, tokens, outputs] normalizes tokens: it stays digital.
    ['matmul3dBnModel', models.matmul3dBnModel, ['matmul_batched: matmul 6→5, kernel 1, rows 6, no bias']],
  ])('finds the layers of %s', (_name, build, expected) => {
    const { layers, digitalKept } = models.analyze(build());
    expect(layers.map(summary)).toEqual(expected);
    expect(digitalKept).toEqual([]);
  });

  it('keeps MatMuls between activations digital, with the reason', () => {
    const { layers, digitalKept } = models.analyze(models.attentionModel());
    expect(layers.map((layer) => layer.name)).toEqual(['query', 'key', 'value', 'project']);
    expect(digitalKept).toEqual([
      { name: 'scores', opType: 'MatMul', reason: 'both operands are activations (as in attention)' },
      { name: 'mix', opType: 'MatMul', reason: 'both operands are activations (as in attention)' },
    ]);
  });

  it('knows unnamed nodes as opType_index', () => {
    const model = decodeModel(models.convModel().bytes, 'test.onnx');
    for (const node of model.graph?.node ?? []) node.name = '';
    const { layers } = findAnalogLayers(model, { digitalLayers: ['Conv_2'], file: 'test.onnx' });
    expect(layers.map((layer) => layer.name)).toEqual(['Conv_0']);
  });
});

describe('analysis errors', () => {
  it('names the node whose Gemm weight is not a constant', () => {
    const error = catchError(() => models.analyze(models.dynamicGemmModel()));
    expect(error).toBeInstanceOf(OnnxModelError);
    expect(error).toMatchObject({ file: 'test.onnx', node: 'gemm_dynamic' });
    expect(error.message).toMatch(/test\.onnx: Gemm node "gemm_dynamic": weight "\w+" is not a constant/);
  });

  it('names the file of a model without analog layers', () => {
    expect(() => models.analyze(models.digitalOnlyModel())).toThrow(
      'test.onnx has no analog layer (Conv, Gemm, or MatMul with a constant weight)',
    );
  });
});

function catchError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error('expected an error');
}
