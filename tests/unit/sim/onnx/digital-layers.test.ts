// digitalLayers (§12): node names, "first" and "last" keep analog candidates digital; unknown names are errors.
import { describe, expect, it } from 'vitest';
import { analyze, attentionModel, dynamicGemmModel, matmulModel } from './models';

describe('digitalLayers', () => {
  const names = (digitalLayers: string[]) => {
    const { layers, digitalKept } = analyze(attentionModel(), digitalLayers);
    return {
      analog: layers.map((layer) => layer.name),
      kept: digitalKept.map((kept) => `${kept.name}: ${kept.reason}`),
    };
  };

  it('keeps the first and last candidate layers digital', () => {
    expect(names(['first', 'last'])).toEqual({
      analog: ['key', 'value'],
      kept: [
        'query: digitalLayers lists "first"',
        'scores: both operands are activations (as in attention)',
        'mix: both operands are activations (as in attention)',
        'project: digitalLayers lists "last"',
      ],
    });
  });

  it('keeps named layers digital', () => {
    expect(names(['value']).analog).toEqual(['query', 'key', 'project']);
  });

  it('rejects a name that is no analog layer, listing the valid ones', () => {
    expect(() => names(['scores'])).toThrow(
      'digitalLayers names "scores", which is not an analog layer of test.onnx; valid names: ' +
        '"first", "last", "query", "key", "value", "project"',
    );
  });

  it('rejects keeping every layer digital', () => {
    expect(() => analyze(matmulModel(), ['matmul'])).toThrow(/test\.onnx has no analog layer left/);
  });

  it('lets a Gemm with a computed weight be kept digital', () => {
    expect(() => analyze(dynamicGemmModel(), ['gemm_dynamic'])).toThrow(/no analog layer left/);
  });
});
