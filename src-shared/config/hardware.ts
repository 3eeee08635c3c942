// The hardware-config JSON of docs/analog-model.md §12: one schema for types, defaults, help text and validation.
import { z } from 'zod';
import { intIn, numberIn, oneOf, percentileIn } from './fields';

const rangePair = z
  .tuple([z.number(), z.number()], { error: 'must be [min, max]' })
  .refine(([min, max]) => min < max, { error: 'must be [min, max] with min < max' });

const sigmaTable = z
  .array(
    z.tuple([numberIn(0, 1e3), numberIn(0, 1e3)], {
      error: 'rows must be [G/Gmax, sigma/Gmax] with values ≥ 0',
    }),
  )
  .refine((rows) => rows.every((row, i) => i === 0 || row[0] > rows[i - 1][0]), {
    error: 'conductances (first column) must be strictly increasing',
  })
  .meta({ label: 'σ(G) table', help: 'Measured [G/Gmax, σ/Gmax] pairs, interpolated linearly.' });

const errorModel = (what: string) =>
  z.strictObject({
    model: oneOf(['none', 'state-independent', 'state-proportional', 'pcm', 'rram', 'table'], {
      label: `${what} model`,
    }).default('none'),
    alpha: numberIn(0, 10, {
      label: 'α',
      help: 'σ = α·Gmax (state-independent) or α·G (state-proportional), as a fraction.',
    }).default(0),
    sigmaReference: oneOf(['gmax', 'grange'], {
      label: 'σ reference',
      help: 'State-independent σ relative to Gmax or Grange.',
    }).default('gmax'),
    table: sigmaTable.default([]),
  });

const readNoise = errorModel('Read noise').extend({
  clip: z
    .boolean()
    .default(false)
    .meta({ label: 'Clip every read', help: 'Per-cell clipping of noisy reads (slow path).' }),
});

/** The fields of §12 with their defaults, ranges and help text (what a form is generated from). */
export const hardwareFieldsSchema = z.strictObject({
  weights: z
    .strictObject({
      bits: intIn(0, 16, { label: 'Weight bits', help: '0 = unquantized.', unit: 'bits' }).default(8),
      grid: oneOf(['model', 'bits'], {
        label: 'Quantized model weights',
        help: '"model": a quantized model\'s integer weights keep their own grid; "bits": re-quantized to the weight bits.',
      }).default('model'),
      percentile: percentileIn({
        label: 'Weight percentile',
        help: 'Clip |W| to this percentile.',
        unit: '%',
      }).default(100),
    })
    .prefault({}),
  mapping: z
    .strictObject({
      scheme: oneOf(['differential', 'offset'], { label: 'Mapping' }).default('differential'),
      differential: oneOf(['one-sided', 'two-sided'], { label: 'Differential style' }).default('one-sided'),
      offset: oneOf(['digital', 'unit-column'], { label: 'Offset removal' }).default('digital'),
      slices: intIn(1, 16, { label: 'Weight slices' }).default(1),
      subtractInAnalog: z.boolean().default(true).meta({ label: 'Subtract G⁺ − G⁻ in analog' }),
    })
    .prefault({}),
  array: z
    .strictObject({
      rowsMax: intIn(1, 65536, { label: 'Rows per array', unit: 'rows' }).default(1152),
      colsMax: intIn(1, 65536, { label: 'Columns per array', unit: 'columns' }).default(256),
      parasitics: z
        .strictObject({
          // Beyond 0.1 a wire segment has more than a tenth of a Gmax cell's resistance: no array that computes.
          rp: numberIn(0, 0.1, {
            label: 'R̂p',
            help: 'Wire resistance between cells × Gmax; 0 = ideal wires.',
          }).default(0),
          topology: oneOf(['input-driven', 'separate-source'], { label: 'Topology' }).default('input-driven'),
          interleaved: z.boolean().default(true).meta({ label: 'Interleaved ± columns' }),
        })
        .prefault({}),
    })
    .prefault({}),
  device: z
    .strictObject({
      onOff: z
        .number({ error: 'must be 0 (infinite) or a number ≥ 1' })
        .refine((v) => v === 0 || (v >= 1 && Number.isFinite(v)), {
          error: 'must be 0 (infinite) or a number ≥ 1',
        })
        .default(100)
        .meta({ label: 'On/off ratio', help: 'Gmax/Gmin; 0 = infinite.' }),
      cellBits: intIn(0, 16, { label: 'Cell bits', help: 'null = derived; 0 = continuous.', unit: 'bits' })
        .nullable()
        .default(null),
      programmingError: errorModel('Programming error').prefault({}),
      readNoise: readNoise.prefault({}),
      drift: z
        .strictObject({
          timeS: numberIn(0, 1e12, { label: 'Time since programming', unit: 's' }).default(0),
          nuMean: numberIn(-1, 1, { label: 'ν mean' }).default(0),
          nuStd: numberIn(0, 1, { label: 'ν std' }).default(0),
          compensate: z.boolean().default(false).meta({ label: 'Global drift compensation' }),
        })
        .prefault({}),
      clip: oneOf(['range', 'zero'], {
        label: 'Clip conductances',
        help: '"range" = [Gmin, Gmax]; "zero" = only at 0.',
      }).default('range'),
    })
    .prefault({}),
  dac: z
    .strictObject({
      bits: intIn(0, 16, { label: 'DAC bits', help: '0 = ideal.', unit: 'bits' }).default(8),
      bitSerial: z.boolean().default(false).meta({ label: 'Bit-serial inputs' }),
      sliceBits: intIn(1, 16, { label: 'Input slice bits', unit: 'bits' }).default(1),
      range: oneOf(['calibrated', 'max', 'explicit'], { label: 'DAC range' }).default('calibrated'),
      percentile: percentileIn({ label: 'DAC percentile', unit: '%' }).default(99.99),
      limits: rangePair
        .nullable()
        .default(null)
        .meta({ label: 'DAC limits', help: '[min, max] in input units.' }),
    })
    .prefault({}),
  adc: z
    .strictObject({
      bits: intIn(0, 16, { label: 'ADC bits', help: '0 = ideal.', unit: 'bits' }).default(8),
      range: oneOf(['calibrated', 'max', 'granular', 'explicit'], { label: 'ADC range' }).default(
        'calibrated',
      ),
      percentile: percentileIn({ label: 'ADC percentile', unit: '%' }).default(99.98),
      perInputBit: z.boolean().default(false).meta({ label: 'ADC per input bit' }),
      limits: z
        .union([rangePair, z.array(rangePair).min(1)], {
          error: 'must be [min, max] or one [min, max] per slice',
        })
        .nullable()
        .default(null)
        .meta({ label: 'ADC limits', help: 'In array units: 1 = one Gmax cell at full-scale input.' }),
    })
    .prefault({}),
  bias: oneOf(['digital', 'analog-row'], { label: 'Bias' }).default('digital'),
  digitalLayers: z
    .array(z.string().min(1))
    .default([])
    .meta({ label: 'Digital layers', help: 'ONNX node names kept digital; "first" and "last" allowed.' }),
});

/** Cross-field rules: each names the field a user has to change. */
export const hardwareSchema = hardwareFieldsSchema.superRefine((config, context) => {
  const problem = (path: string, message: string) =>
    context.addIssue({ code: 'custom', path: path.split('.'), message });
  if (config.dac.range === 'explicit' && !config.dac.limits) {
    problem('dac.limits', 'must be [min, max] when dac.range is "explicit"');
  }
  if (config.adc.range === 'explicit' && !config.adc.limits) {
    problem('adc.limits', 'must be [min, max] (or one per slice) when adc.range is "explicit"');
  }
  const limits = config.adc.limits;
  if (limits && Array.isArray(limits[0]) && limits.length !== config.mapping.slices) {
    problem(
      'adc.limits',
      `must hold one [min, max] per weight slice (${config.mapping.slices}), got ${limits.length}`,
    );
  }
  if (config.adc.range === 'granular' && !config.dac.bitSerial) {
    problem('adc.range', '"granular" is defined only for bit-serial inputs (dac.bitSerial: true)');
  }
  if (config.adc.perInputBit && !config.dac.bitSerial) {
    problem('adc.perInputBit', 'needs bit-serial inputs (dac.bitSerial: true)');
  }
  if (config.dac.bitSerial && config.dac.sliceBits > config.dac.bits) {
    problem('dac.sliceBits', `must not exceed dac.bits (${config.dac.bits}), got ${config.dac.sliceBits}`);
  }
  if (config.weights.bits > 0 && config.mapping.slices > config.weights.bits) {
    problem('mapping.slices', `leaves no bits per slice for ${config.weights.bits}-bit weights`);
  }
  if (config.mapping.slices > 1 && config.weights.bits === 0) {
    problem('mapping.slices', 'needs quantized weights (weights.bits > 0)');
  }
  if (config.array.parasitics.rp > 0) parasiticRules(config, problem);
});

/** What wire resistance (§7) needs of the rest of the config. */
function parasiticRules(config: HardwareConfig, problem: (path: string, message: string) => void): void {
  const { parasitics } = config.array;
  const pair = config.mapping.scheme === 'differential';
  if (pair && parasitics.interleaved && !config.mapping.subtractInAnalog) {
    problem(
      'array.parasitics.interleaved',
      'needs mapping.subtractInAnalog: true (an interleaved pair shares its column, so G⁺ and G⁻ cannot be digitized apart); set interleaved to false',
    );
  }
  if (config.mapping.scheme === 'offset' && config.mapping.offset === 'unit-column') {
    problem(
      'mapping.offset',
      '"unit-column" is not modelled with wire resistance (array.parasitics.rp > 0): the analog model does not place the unit column; use "digital"',
    );
  }
  if (parasitics.topology === 'separate-source' && !(config.dac.bitSerial && config.dac.sliceBits === 1)) {
    problem(
      'array.parasitics.topology',
      '"separate-source" gates every cell with one input bit: it needs dac.bitSerial: true and dac.sliceBits: 1',
    );
  }
}

/**
 * Whether the config's DAC or ADC ranges are measured on calibration images (§6), which a run then draws from the
 * images it does not test. The builder and the API check image counts with it.
 */
export function calibratesRanges(config: HardwareConfig): boolean {
  return config.dac.range !== 'explicit' || config.adc.range === 'calibrated';
}

export type HardwareConfig = z.output<typeof hardwareFieldsSchema>;
/** What a user writes: every field optional. */
export type HardwareConfigInput = z.input<typeof hardwareFieldsSchema>;
