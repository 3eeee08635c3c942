// The JSON that travels beside a model (`<model>.json`): its display name, preprocessing and class names.
import { z } from 'zod';
import { parseWith } from './fields';
import { preprocessSchema } from './preprocess';

export const modelCardSchema = z.object({
  name: z.string().min(1),
  input: z.string().min(1).optional(),
  output: z.string().min(1).optional(),
  preprocess: preprocessSchema,
  classes: z.array(z.string()).min(1).optional(),
});

export type ModelCard = z.output<typeof modelCardSchema>;

export function parseModelCard(value: unknown, file: string): ModelCard {
  return parseWith(modelCardSchema, value, `model description ${file}`);
}
