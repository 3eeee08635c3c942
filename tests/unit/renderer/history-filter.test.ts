// History's search and filters over past runs.
import { describe, expect, it } from 'vitest';
import type { RunInfo } from '../../../src-shared/api/api';
import { hardwareSchema } from '../../../src-shared/config/hardware';
import { PRESET_NAMES, presetConfig } from '../../../src-shared/config/presets';
import {
  flatPresets,
  mappingOf,
  matchesFilter,
  NO_FILTER,
  pointOf,
  presetOf,
  type HistoryRow,
} from '../../../src-renderer/components/HistoryFilter';

function historyRow(
  overrides: Partial<RunInfo>,
  preset = 'custom',
  extra: Partial<HistoryRow> = {},
): HistoryRow {
  const run = { id: '01ABC', state: 'finished', createdAt: '2026-11-20T10:00:00', sweepId: 7, ...overrides };
  return {
    run: run as RunInfo,
    model: 'ResNet50',
    dataset: 'val',
    preset,
    mapping: 'differential, one-sided',
    point: '',
    ...extra,
  };
}

const presets = flatPresets(PRESET_NAMES.map((name) => ({ name, config: presetConfig(name) })));

describe('matchesFilter', () => {
  it('searches id, model, dataset, preset and sweep, ignoring case', () => {
    const row = historyRow({}, 'SONOS');
    for (const search of ['01abc', 'resnet', 'VAL', 'sonos', 'sweep 7', ''])
      expect(matchesFilter(row, { ...NO_FILTER, search }), search).toBe(true);
    expect(matchesFilter(row, { ...NO_FILTER, search: 'isaac' })).toBe(false);
  });

  it("searches the mapping scheme and a sweep point's swept values", () => {
    const row = historyRow({}, 'ISAAC', { mapping: 'offset, unit-column, 8 slices', point: 'ADC bits = 4' });
    for (const search of ['offset', 'unit-column', 'isaac', 'adc bits = 4'])
      expect(matchesFilter(row, { ...NO_FILTER, search }), search).toBe(true);
    expect(matchesFilter(row, { ...NO_FILTER, search: 'differential' })).toBe(false);
  });

  it('filters by state, model and preset', () => {
    const row = historyRow({ state: 'failed' }, 'PRIME');
    expect(matchesFilter(row, { ...NO_FILTER, state: 'failed', model: 'ResNet50', preset: 'PRIME' })).toBe(
      true,
    );
    expect(matchesFilter(row, { ...NO_FILTER, state: 'finished' })).toBe(false);
    expect(matchesFilter(row, { ...NO_FILTER, model: 'demo' })).toBe(false);
    expect(matchesFilter(row, { ...NO_FILTER, preset: 'custom' })).toBe(false);
  });

  it('takes the date range as whole local days, both ends included', () => {
    const row = historyRow({ createdAt: new Date(2026, 10, 20, 23, 59).toISOString() });
    expect(matchesFilter(row, { ...NO_FILTER, from: '2026-11-20', to: '2026-11-20' })).toBe(true);
    expect(matchesFilter(row, { ...NO_FILTER, from: '2026-11-21' })).toBe(false);
    expect(matchesFilter(row, { ...NO_FILTER, to: '2026-11-19' })).toBe(false);
  });
});

describe('presetOf', () => {
  it('names a run by the preset its config is, whichever way it was queued', () => {
    // The builder sends only the fields a preset changes; the API stores the parsed config.
    const fromBuilder = hardwareSchema.parse({ dac: { bitSerial: true }, device: { onOff: 1e8 } });
    expect(presetOf({ config: fromBuilder, point: null }, presets)).toBe('SONOS');
    expect(presetOf({ config: presetConfig('PRIME'), point: null }, presets)).toBe('PRIME');
    const changed = hardwareSchema.parse({ ...presetConfig('SONOS'), adc: { bits: 6 } });
    expect(presetOf({ config: changed, point: null }, presets)).toBe('custom');
    expect(presetOf({ config: hardwareSchema.parse({}), point: null }, presets)).toBe('custom');
    expect(presetOf({ config: null, point: null }, presets)).toBe('digital');
  });

  it('names a sweep point by its base preset when only its swept fields differ, or by its preset axis', () => {
    const point = { 'adc.bits': 6 };
    const config = hardwareSchema.parse({
      ...presetConfig('ISAAC'),
      adc: { ...presetConfig('ISAAC').adc, bits: 6 },
    });
    expect(presetOf({ config, point }, presets)).toBe('ISAAC');
    expect(presetOf({ config, point: { 'dac.bits': 8 } }, presets)).toBe('custom');
    expect(
      presetOf({ config: presetConfig('PRIME'), point: { preset: 'PRIME', 'adc.bits': 4 } }, presets),
    ).toBe('PRIME');
  });
});

describe('mappingOf and pointOf', () => {
  it('say the mapping scheme and the swept values as the table shows them', () => {
    expect(mappingOf(presetConfig('SONOS'))).toBe('differential, one-sided');
    expect(mappingOf(presetConfig('ISAAC'))).toBe('offset, unit-column, 8 slices');
    expect(mappingOf(null)).toBe('digital');
    expect(pointOf({ 'adc.bits': 4, 'mapping.scheme': 'offset', preset: 'SONOS' })).toBe(
      'ADC bits = 4, Mapping = offset, Preset = SONOS',
    );
    expect(pointOf(null)).toBe('');
  });
});
