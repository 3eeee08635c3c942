// History's search and filters over past runs.
import { describe, expect, it } from 'vitest';
import type { RunInfo } from '../../../src-shared/api/api';
import { matchesFilter, NO_FILTER, type HistoryRow } from '../../../src-renderer/components/HistoryFilter';

function historyRow(overrides: Partial<RunInfo>, preset = 'custom'): HistoryRow {
  const run = { id: '01ABC', state: 'finished', createdAt: '2026-11-20T10:00:00', sweepId: 7, ...overrides };
  return { run: run as RunInfo, model: 'ResNet50', dataset: 'val', preset };
}

describe('matchesFilter', () => {
  it('searches id, model, dataset, preset and sweep, ignoring case', () => {
    const row = historyRow({}, 'SONOS');
    for (const search of ['01abc', 'resnet', 'VAL', 'sonos', 'sweep 7', ''])
      expect(matchesFilter(row, { ...NO_FILTER, search }), search).toBe(true);
    expect(matchesFilter(row, { ...NO_FILTER, search: 'isaac' })).toBe(false);
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
