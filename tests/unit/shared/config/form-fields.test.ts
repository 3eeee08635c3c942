// The hardware form is generated from the schema: every field once, with the schema's range, unit and default.
import { describe, expect, it } from 'vitest';
import { hardwareForm, preprocessForm } from '../../../../src-shared/config/form-fields';
import { preprocessSchema } from '../../../../src-shared/config/preprocess';
import { hardwareFieldsSchema } from '../../../../src-shared/config/hardware';
import { flattenConfig } from '../../../../src-shared/config/config-paths';

const fields = hardwareForm().flatMap((group) => group.fields);
const field = (path: string) => fields.find((f) => f.path === path)!;

describe('hardwareForm', () => {
  it('has every leaf of the defaults exactly once, in the five groups an architect expects', () => {
    const defaults = flattenConfig(hardwareFieldsSchema.parse({}));
    expect(fields.map((f) => f.path).sort()).toEqual(Object.keys(defaults).sort());
    expect(new Set(fields.map((f) => f.path)).size).toBe(fields.length);
    expect(hardwareForm().map((g) => g.title)).toEqual([
      'Weights & mapping',
      'Array',
      'Device',
      'DAC',
      'ADC',
    ]);
    for (const f of fields) expect(f.default, f.path).toEqual(defaults[f.path]);
  });

  it('carries ranges, units, help and options from the schema', () => {
    expect(field('adc.bits')).toMatchObject({
      kind: 'integer',
      min: 0,
      max: 16,
      unit: 'bits',
      label: 'ADC bits',
      help: '0 = ideal.',
      nullable: false,
    });
    expect(field('mapping.scheme')).toMatchObject({ kind: 'enum', options: ['differential', 'offset'] });
    expect(field('device.cellBits')).toMatchObject({ kind: 'integer', nullable: true, default: null });
    expect(field('dac.bitSerial')).toMatchObject({ kind: 'boolean', default: false });
    expect(field('adc.limits')).toMatchObject({ kind: 'json', default: null });
    expect(field('weights.percentile')).toMatchObject({ kind: 'number', min: 50, max: 100, unit: '%' });
    expect(field('device.readNoise.alpha').section).toBe('Read noise');
    expect(field('device.programmingError.alpha').section).toBe('Programming error');
    expect(field('adc.bits').section).toBeNull();
  });
});

describe('preprocessForm', () => {
  const preprocess = preprocessForm()[0].fields;
  const leaf = (path: string) => preprocess.find((f) => f.path === path)!;

  it('has one field per key of the preprocessing spec, with its defaults', () => {
    const defaults = preprocessSchema.parse({});
    expect(preprocess.map((f) => f.path)).toEqual(Object.keys(defaults));
    for (const f of preprocess) expect(f.default, f.path).toEqual(defaults[f.path as keyof typeof defaults]);
  });

  it('offers the literal channel counts as numeric options, and edits crop and lists as JSON', () => {
    expect(leaf('channels')).toMatchObject({ kind: 'enum', options: [1, 3], label: 'Channels' });
    expect(leaf('layout')).toMatchObject({ kind: 'enum', options: ['nchw', 'nhwc'] });
    expect(leaf('resize')).toMatchObject({ kind: 'integer', min: 0, max: 4096, unit: 'px' });
    expect(leaf('crop')).toMatchObject({ kind: 'json', unit: 'px' });
    expect(leaf('mean').kind).toBe('json');
  });
});
