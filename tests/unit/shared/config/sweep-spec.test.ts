// Sweep specs: the grid of points, and bad specs refused before anything runs with the field named.
import { describe, expect, it } from 'vitest';
import { parseSweepSpec } from '../../../../src-shared/config/sweep-spec';
import { presetConfig } from '../../../../src-shared/config/presets';
import { SWEEP_TEMPLATES, templateSpec } from '../../../../src-shared/config/sweep-templates';

const spec = (overrides: Record<string, unknown>) => ({
  name: 'grid',
  images: { count: 50 },
  axes: [{ path: 'adc.bits', values: [4, 6] }],
  trials: 2,
  ...overrides,
});

describe('parseSweepSpec', () => {
  it('gives the cartesian product of the axes, first axis slowest, on top of the base', () => {
    const { points } = parseSweepSpec(
      spec({
        base: { weights: { bits: 6 } },
        axes: [
          { path: 'device.programmingError.alpha', values: [0.01, 0.02] },
          { path: 'mapping.scheme', values: ['differential', 'offset', 'differential'] },
        ],
      }),
      'spec',
    );
    expect(points.map((p) => p.params)).toEqual([
      { 'device.programmingError.alpha': 0.01, 'mapping.scheme': 'differential' },
      { 'device.programmingError.alpha': 0.01, 'mapping.scheme': 'offset' },
      { 'device.programmingError.alpha': 0.01, 'mapping.scheme': 'differential' },
      { 'device.programmingError.alpha': 0.02, 'mapping.scheme': 'differential' },
      { 'device.programmingError.alpha': 0.02, 'mapping.scheme': 'offset' },
      { 'device.programmingError.alpha': 0.02, 'mapping.scheme': 'differential' },
    ]);
    expect(points[4].config.device.programmingError.alpha).toBe(0.02);
    expect(points[4].config.mapping.scheme).toBe('offset');
    expect(points[4].config.weights.bits).toBe(6);
  });

  it('takes a preset as the base, and a list of presets as an axis', () => {
    const { points } = parseSweepSpec(
      spec({ base: 'preset:SONOS', axes: [{ path: 'adc.bits', values: [5] }] }),
      'spec',
    );
    expect(points[0].config).toEqual({
      ...presetConfig('SONOS'),
      adc: { ...presetConfig('SONOS').adc, bits: 5 },
    });
    const presets = parseSweepSpec(spec({ axes: [{ path: 'preset', values: ['ISAAC', 'PRIME'] }] }), 'spec');
    expect(presets.points.map((p) => p.config)).toEqual([presetConfig('ISAAC'), presetConfig('PRIME')]);
  });

  it.each([
    [
      { axes: [{ path: 'adc.bitz', values: [4] }] },
      /spec: axes\[0\]: path "adc\.bitz" is not a hardware-config field/,
    ],
    [
      { axes: [{ path: 'adc.bits', values: [4, 20] }] },
      /the point \{"adc\.bits":20\} is not a valid config:\nadc\.bits must be an integer 0\.\.16, got 20/,
    ],
    [{ trials: 0 }, /trials must be an integer 1\.\.10000, got 0/],
    [{ axes: [] }, /axes must name at least one axis/],
    [{ base: 'preset:TPU' }, /base: unknown preset "TPU"; known presets: SONOS, ISAAC, PRIME/],
    [{ calibration: { count: 10, sample: 'first' } }, /calibration\.sample/],
    [{ colour: 'red' }, /unknown field: colour/],
  ])('refuses %j naming the problem', (overrides, message) => {
    expect(() => parseSweepSpec(spec(overrides), 'spec')).toThrow(message);
  });
});

describe('paper templates', () => {
  it.each(Object.keys(SWEEP_TEMPLATES))('%s is a valid sweep on any model and data', (name) => {
    const value = templateSpec(name, { model: 'm.onnx', data: '/d', images: 1000, trials: 5, seed: 3 })!;
    const { spec, points } = parseSweepSpec(value, name);
    expect(spec.model).toBe('m.onnx');
    expect(spec.images).toEqual({ count: 1000, sample: 'stratified', seed: 3 });
    expect(spec.calibration.count).toBe(100);
    const expected = spec.axes.reduce((product, axis) => product * axis.values.length, 1);
    expect(points).toHaveLength(expected);
  });

  it('knows no template it was not given', () => {
    expect(templateSpec('tpu', { images: 10, trials: 1, seed: 0 })).toBeUndefined();
  });
});
