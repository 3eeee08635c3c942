// Dotted paths into configs: reading, writing without mutation, flattening and differences.
import { describe, expect, it } from 'vitest';
import {
  configDifferences,
  flattenConfig,
  valueAt,
  withValueAt,
} from '../../../../src-shared/config/config-paths';

describe('config paths', () => {
  it('reads a nested value, and undefined along a missing path', () => {
    const config = { adc: { bits: 6 }, digitalLayers: ['first'] };
    expect(valueAt(config, 'adc.bits')).toBe(6);
    expect(valueAt(config, 'adc.range')).toBeUndefined();
    expect(valueAt(config, 'digitalLayers.0')).toBeUndefined();
    expect(valueAt(config, 'dac.bits')).toBeUndefined();
  });

  it('writes a copy, creating objects on the way, and removes with undefined', () => {
    const config = { adc: { bits: 6, range: 'max' } };
    const written = withValueAt(config, 'device.drift.timeS', 3600);
    expect(written).toEqual({ adc: { bits: 6, range: 'max' }, device: { drift: { timeS: 3600 } } });
    expect(config).toEqual({ adc: { bits: 6, range: 'max' } });
    expect(withValueAt(config, 'adc.bits', undefined)).toEqual({ adc: { range: 'max' } });
  });

  it('flattens leaves (lists included) and lists differences in path order', () => {
    expect(flattenConfig({ a: { b: 1, c: [1, 2] }, d: null })).toEqual({ 'a.b': 1, 'a.c': [1, 2], d: null });
    expect(
      configDifferences({ adc: { bits: 8 }, x: [1] }, { adc: { bits: 6, range: 'max' }, x: [1] }),
    ).toEqual([
      { path: 'adc.bits', a: 8, b: 6 },
      { path: 'adc.range', a: undefined, b: 'max' },
    ]);
  });
});
