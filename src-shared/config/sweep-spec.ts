// A sweep (docs/cli.md `crossbar sweep`): model, images, a base hardware config and parameter axes whose cartesian
// product gives the points. One schema for the CLI, the store and the UI's experiment builder.
import { z } from 'zod';
import { ConfigError, describeIssues, intIn } from './fields';
import { DEFAULT_IMAGE_SAMPLE, imageSampleSchema } from './image-sample';
import {
  hardwareFieldsSchema,
  hardwareSchema,
  type HardwareConfig,
  type HardwareConfigInput,
} from './hardware';
import { isPresetName, presetConfig, PRESET_NAMES } from './presets';

const imageSubset = z.strictObject({
  count: intIn(1, 10_000_000),
  sample: imageSampleSchema.default(DEFAULT_IMAGE_SAMPLE),
  seed: intIn(0, 2 ** 31 - 1).default(0),
});

/** `path` "preset" takes preset names and replaces the base; any other is a dotted hardware-config field. */
const axisSchema = z.strictObject({
  path: z.string().min(1),
  values: z.array(z.json()).min(1, 'must list at least one value'),
});

export const sweepSpecSchema = z.strictObject({
  name: z.string().min(1),
  model: z.string().min(1).nullable().default(null),
  data: z.string().min(1).nullable().default(null),
  labels: z.string().min(1).nullable().default(null),
  preprocess: z.string().min(1).nullable().default(null),
  images: imageSubset,
  // Calibration images are always drawn at random from those not tested (disjoint from them).
  calibration: z
    .strictObject({
      count: intIn(1, 10_000_000),
      sample: z.literal('random').default('random'),
      seed: intIn(0, 2 ** 31 - 1).default(0),
    })
    .default({ count: 100, sample: 'random', seed: 0 }),
  base: z
    .union([
      z.string().regex(/^preset:/, 'must be a config object or "preset:NAME"'),
      z.record(z.string(), z.unknown()),
    ])
    .default({}),
  axes: z.array(axisSchema).min(1, 'must name at least one axis'),
  trials: intIn(1, 10_000),
  seed: intIn(0, 2 ** 31 - 1).default(0),
});

export type SweepSpec = z.output<typeof sweepSpecSchema>;
export type SweepSpecInput = z.input<typeof sweepSpecSchema>;

export interface SweepPoint {
  /** Axis path → value, as the point's key and in reports. */
  params: Record<string, z.core.util.JSONType>;
  config: HardwareConfig;
}

/** Parses a spec and checks every point's config, naming the axis and value of the first that fails. */
export function parseSweepSpec(value: unknown, what: string): { spec: SweepSpec; points: SweepPoint[] } {
  const parsed = sweepSpecSchema.safeParse(value, { reportInput: true });
  if (!parsed.success) throw new ConfigError(`invalid ${what}:\n${describeIssues(parsed.error)}`);
  const spec = parsed.data;
  spec.axes.forEach((axis, i) => checkPath(axis.path, `${what}: axes[${i}]`));
  return { spec, points: sweepPoints(spec, what) };
}

function baseInput(base: SweepSpec['base'], what: string): HardwareConfigInput {
  if (typeof base !== 'string') return base as HardwareConfigInput;
  return presetInput(base.slice('preset:'.length), `${what}: base`);
}

function presetInput(name: unknown, where: string): HardwareConfigInput {
  if (typeof name !== 'string' || !isPresetName(name)) {
    throw new ConfigError(
      `${where}: unknown preset ${JSON.stringify(name)}; known presets: ${PRESET_NAMES.join(', ')}`,
    );
  }
  return presetConfig(name) as HardwareConfigInput;
}

/** The axis path must name a field of the hardware config (or be "preset"). */
function checkPath(path: string, where: string): void {
  if (path === 'preset') return;
  let shape: unknown = hardwareFieldsSchema.parse({});
  for (const key of path.split('.')) {
    if (typeof shape !== 'object' || shape === null || Array.isArray(shape) || !(key in shape)) {
      throw new ConfigError(`${where}: path "${path}" is not a hardware-config field`);
    }
    shape = (shape as Record<string, unknown>)[key];
  }
}

function withValue(config: HardwareConfigInput, path: string, value: unknown): HardwareConfigInput {
  const [head, ...rest] = path.split('.');
  const current = (config as Record<string, unknown>)[head];
  const nested =
    rest.length === 0
      ? value
      : withValue(
          (typeof current === 'object' && current !== null ? current : {}) as HardwareConfigInput,
          rest.join('.'),
          value,
        );
  return { ...config, [head]: nested } as HardwareConfigInput;
}

/** The cartesian product of the axes, first axis slowest, each point's config validated. */
function sweepPoints(spec: SweepSpec, what: string): SweepPoint[] {
  let combos: Record<string, z.core.util.JSONType>[] = [{}];
  for (const axis of spec.axes) {
    combos = combos.flatMap((combo) => axis.values.map((value) => ({ ...combo, [axis.path]: value })));
  }
  return combos.map((params) => {
    let input = baseInput(spec.base, what);
    if ('preset' in params) input = presetInput(params.preset, `${what}: axis "preset"`);
    for (const [path, value] of Object.entries(params)) {
      if (path !== 'preset') input = withValue(input, path, value);
    }
    const config = hardwareSchema.safeParse(input, { reportInput: true });
    if (!config.success) {
      throw new ConfigError(
        `${what}: the point ${JSON.stringify(params)} is not a valid config:\n${describeIssues(config.error)}`,
      );
    }
    return { params, config: config.data };
  });
}
