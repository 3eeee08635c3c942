// Built-in sweeps for the reference study's experiments (Xiao et al. 2022; docs/analog-model.md §9), runnable on any
// model and dataset: the model, data, images and trials are the user's, the grid is the study's.
import { DEFAULT_IMAGE_SAMPLE } from './image-sample';
import type { SweepSpec } from './sweep-spec';

type Template = Pick<SweepSpec, 'name' | 'axes'> & { base: Record<string, unknown> };

const CONVERTERS = { dac: { bits: 8 }, adc: { bits: 8, range: 'calibrated' } };
const SCHEMES = { path: 'mapping.scheme', values: ['differential', 'offset'] };

export const SWEEP_TEMPLATES: Record<string, Template> = {
  'programming-error-si': {
    name: 'State-independent programming error: differential vs offset',
    base: {
      weights: { bits: 8 },
      ...CONVERTERS,
      device: { programmingError: { model: 'state-independent' } },
    },
    axes: [
      { path: 'device.programmingError.alpha', values: [0.0025, 0.005, 0.0075, 0.01, 0.0125, 0.015] },
      SCHEMES,
    ],
  },
  'programming-error-sp': {
    name: 'State-proportional programming error: differential vs offset',
    base: {
      weights: { bits: 8 },
      ...CONVERTERS,
      device: { programmingError: { model: 'state-proportional' } },
    },
    axes: [{ path: 'device.programmingError.alpha', values: [0.02, 0.05, 0.1, 0.2, 0.3, 0.4] }, SCHEMES],
  },
  slicing: {
    name: 'Sliced vs unsliced weights at equal cell precision (4-bit cells)',
    base: {
      weights: { bits: 8 },
      ...CONVERTERS,
      device: { cellBits: 4, programmingError: { model: 'state-proportional' } },
    },
    axes: [
      { path: 'mapping.slices', values: [1, 2] },
      { path: 'device.programmingError.alpha', values: [0.02, 0.05, 0.1, 0.2] },
    ],
  },
  'adc-bits': {
    name: 'ADC resolution with calibrated ranges: differential vs offset',
    base: { weights: { bits: 8 }, ...CONVERTERS },
    axes: [{ path: 'adc.bits', values: [3, 4, 5, 6, 7, 8, 9, 10] }, SCHEMES],
  },
  'array-rows': {
    name: 'Array rows (partial sums per ADC)',
    base: { weights: { bits: 8 }, ...CONVERTERS },
    axes: [{ path: 'array.rowsMax', values: [72, 144, 288, 576, 1152] }, SCHEMES],
  },
  'wire-resistance': {
    name: 'Wire resistance R̂p: differential vs offset',
    base: { weights: { bits: 8 }, ...CONVERTERS },
    axes: [{ path: 'array.parasitics.rp', values: [1e-6, 3e-6, 1e-5, 3e-5, 1e-4, 3e-4] }, SCHEMES],
  },
  'on-off': {
    name: 'Conductance on/off ratio: differential vs offset',
    base: {
      weights: { bits: 8 },
      ...CONVERTERS,
      device: { programmingError: { model: 'state-proportional', alpha: 0.05 } },
    },
    axes: [{ path: 'device.onOff', values: [2, 5, 10, 20, 100, 1000, 0] }, SCHEMES],
  },
};

export interface TemplateChoices {
  model?: string;
  data?: string;
  images: number;
  trials: number;
  seed: number;
}

/** A full sweep spec from a template and the user's model, data, images and trials. */
export function templateSpec(name: string, choices: TemplateChoices): Record<string, unknown> | undefined {
  const template = SWEEP_TEMPLATES[name];
  if (!template) return undefined;
  return {
    ...template,
    model: choices.model ?? null,
    data: choices.data ?? null,
    images: { count: choices.images, sample: DEFAULT_IMAGE_SAMPLE, seed: choices.seed },
    calibration: {
      count: Math.max(10, Math.min(200, Math.round(choices.images / 10))),
      seed: choices.seed + 1,
    },
    trials: choices.trials,
    seed: choices.seed,
  };
}
