// The preprocessing spec (docs/cli.md "Preprocessing spec"): how an image becomes a float32 NCHW (or NHWC) tensor.
import { z } from 'zod';
import { intIn, numberIn, parseWith } from './fields';

const cropSize = z.union([intIn(1, 4096), z.tuple([intIn(1, 4096), intIn(1, 4096)])], {
  error: 'must be a size in pixels or [height, width]',
});

export const preprocessSchema = z
  .strictObject({
    resize: intIn(0, 4096, {
      label: 'Resize',
      unit: 'px',
      help: 'Shorter side resized to this (bilinear); 0 = no resize.',
    }).default(256),
    crop: cropSize
      .default(224)
      .meta({ label: 'Centre crop', unit: 'px', help: 'A size, or [height, width].' }),
    channels: z
      .union([z.literal(1), z.literal(3)], { error: 'must be 1 (grayscale) or 3 (RGB)' })
      .default(3)
      .meta({ label: 'Channels' }),
    mean: z.array(numberIn(-10, 10)).min(1).max(3).default([0.485, 0.456, 0.406]).meta({ label: 'Mean' }),
    std: z.array(numberIn(1e-6, 10)).min(1).max(3).default([0.229, 0.224, 0.225]).meta({ label: 'Std' }),
    layout: z
      .enum(['nchw', 'nhwc'], { error: 'must be "nchw" or "nhwc" (channels last, as TensorFlow exports)' })
      .default('nchw')
      .meta({
        label: 'Tensor layout',
        help: 'How the model takes its input: NCHW (PyTorch) or NHWC (TensorFlow).',
      }),
  })
  .refine((p) => p.mean.length === p.channels || p.mean.length === 1, {
    error: 'must have one value per channel (or one for all)',
    path: ['mean'],
  })
  .refine((p) => p.std.length === p.channels || p.std.length === 1, {
    error: 'must have one value per channel (or one for all)',
    path: ['std'],
  });

export type PreprocessSpec = z.output<typeof preprocessSchema>;
export type PreprocessSpecInput = z.input<typeof preprocessSchema>;

/** The ImageNet standard: shorter side 256, centre crop 224, RGB, torchvision mean/std. */
export const IMAGENET_PREPROCESS: PreprocessSpec = preprocessSchema.parse({});

export function parsePreprocess(value: unknown): PreprocessSpec {
  return parseWith(preprocessSchema, value, 'preprocessing spec');
}

/** One image's tensor dims in the model's layout: [C, H, W] or [H, W, C]. */
export function imageDims(spec: PreprocessSpec): [number, number, number] {
  const [height, width] = cropHeightWidth(spec);
  return spec.layout === 'nhwc' ? [height, width, spec.channels] : [spec.channels, height, width];
}

/** Crop as [height, width]. */
export function cropHeightWidth(spec: PreprocessSpec): [number, number] {
  return typeof spec.crop === 'number' ? [spec.crop, spec.crop] : spec.crop;
}
