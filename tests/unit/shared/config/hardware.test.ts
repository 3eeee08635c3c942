// The hardware-config schema: the defaults of docs/analog-model.md §12, one message per bad field, valid presets.
import { describe, expect, it } from 'vitest';
import { ConfigError, parseWith } from '../../../../src-shared/config/fields';
import { hardwareSchema } from '../../../../src-shared/config/hardware';
import { PRESET_NAMES, presetConfig } from '../../../../src-shared/config/presets';

const parse = (value: unknown) => parseWith(hardwareSchema, value, 'hardware config');

describe('hardware config schema', () => {
  it('fills every default of §12 from an empty object', () => {
    expect(parse({})).toEqual({
      weights: { bits: 8, grid: 'model', percentile: 100 },
      mapping: {
        scheme: 'differential',
        differential: 'one-sided',
        offset: 'digital',
        slices: 1,
        subtractInAnalog: true,
      },
      array: {
        rowsMax: 1152,
        colsMax: 256,
        parasitics: { rp: 0, topology: 'input-driven', interleaved: true },
      },
      device: {
        onOff: 100,
        cellBits: null,
        programmingError: { model: 'none', alpha: 0, sigmaReference: 'gmax', table: [] },
        readNoise: { model: 'none', alpha: 0, sigmaReference: 'gmax', table: [], clip: false },
        drift: { timeS: 0, nuMean: 0, nuStd: 0, compensate: false },
        clip: 'range',
      },
      dac: { bits: 8, bitSerial: false, sliceBits: 1, range: 'calibrated', percentile: 99.99, limits: null },
      adc: { bits: 8, range: 'calibrated', percentile: 99.98, perInputBit: false, limits: null },
      bias: 'digital',
      digitalLayers: [],
    });
  });

  it.each([
    [{ adc: { bits: 20 } }, 'adc.bits must be an integer 0..16, got 20'],
    [{ weights: { bits: 2.5 } }, 'weights.bits must be an integer 0..16, got 2.5'],
    [
      { mapping: { scheme: 'diagonal' } },
      'mapping.scheme must be one of "differential", "offset", got "diagonal"',
    ],
    [{ device: { onOff: 0.5 } }, 'device.onOff must be 0 (infinite) or a number ≥ 1'],
    [{ array: { rowsMax: 0 } }, 'array.rowsMax must be an integer 1..65536, got 0'],
    [{ array: { parasitics: { rp: -1 } } }, 'array.parasitics.rp must be a number in [0, 0.1], got -1'],
    [{ array: { parasitics: { rp: 5 } } }, 'array.parasitics.rp must be a number in [0, 0.1], got 5'],
    [
      { array: { parasitics: { rp: 1e-4 } }, mapping: { subtractInAnalog: false } },
      'array.parasitics.interleaved needs mapping.subtractInAnalog: true',
    ],
    [
      { array: { parasitics: { rp: 1e-4 } }, mapping: { scheme: 'offset', offset: 'unit-column' } },
      'mapping.offset "unit-column" is not modelled with wire resistance',
    ],
    [
      {
        array: { parasitics: { rp: 1e-4, topology: 'separate-source' } },
        dac: { bitSerial: true, sliceBits: 2 },
      },
      'array.parasitics.topology "separate-source" gates every cell with one input bit',
    ],
    [
      { device: { drift: { timeS: -5 } } },
      'device.drift.timeS must be a number in [0, 1000000000000], got -5',
    ],
    [{ dac: { limits: [2, 1] } }, 'dac.limits must be [min, max] with min < max'],
    [{ adc: { percentile: 50 } }, 'adc.percentile must be a number in (50, 100], got 50'],
    [{ weights: { percentile: 100.5 } }, 'weights.percentile must be a number in (50, 100], got 100.5'],
    [{ dac: { range: 'explicit' } }, 'dac.limits must be [min, max] when dac.range is "explicit"'],
    [{ adc: { range: 'granular' } }, 'adc.range "granular" is defined only for bit-serial inputs'],
    [{ mapping: { slices: 9 } }, 'mapping.slices leaves no bits per slice for 8-bit weights'],
    [{ dac: { bitSerial: true, sliceBits: 9 } }, 'dac.sliceBits must not exceed dac.bits (8), got 9'],
    [
      {
        device: {
          programmingError: {
            model: 'table',
            table: [
              [0.5, 0.1],
              [0.2, 0.1],
            ],
          },
        },
      },
      'device.programmingError.table conductances (first column) must be strictly increasing',
    ],
    [
      { device: { programmingError: { model: 'table', table: [[0.5, -0.1]] } } },
      'device.programmingError.table.0.1 must be a number in [0, 1000], got -0.1',
    ],
    [{ flux: 1 }, 'unknown field: flux'],
    [{ adc: { bits: 8, speed: 2 } }, 'unknown field in adc: speed'],
  ])('refuses %j, naming the field', (value, message) => {
    expect(() => parse(value)).toThrow(ConfigError);
    expect(() => parse(value)).toThrow(message);
  });

  it.each(PRESET_NAMES)('preset %s is a valid config', (name) => {
    expect(() => parse(presetConfig(name))).not.toThrow();
  });
});
