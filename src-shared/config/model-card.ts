// The JSON that travels beside a model (`<model>.json`): its display name, preprocessing and class names.
import { z } from 'zod';
import { ConfigError, parseWith } from './fields';
import { preprocessSchema } from './preprocess';

export const modelCardSchema = z.object({
  name: z.string().min(1),
  input: z.string().min(1).optional(),
  output: z.string().min(1).optional(),
  preprocess: preprocessSchema,
  classes: z.array(z.string()).min(1).optional(),
});

export type ModelCard = z.output<typeof modelCardSchema>;

const REQUIRED_KEYS = Object.entries(modelCardSchema.shape)
  .filter(([, field]) => !field.safeParse(undefined).success)
  .map(([key]) => key);

/**
 * `file` is read as a model card only because of its name, so a JSON of another kind there (an exporter's sidecar
 * with reference logits) is told apart from a card with a mistake: the message says which file was read, what it
 * lacks and how to pass the preprocessing instead.
 */
export function parseModelCard(value: unknown, file: string): ModelCard {
  const result = modelCardSchema.safeParse(value);
  if (result.success) return result.data;
  const keys =
    value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : null;
  const known = new Set(Object.keys(modelCardSchema.shape));
  const remedy =
    'a model card is the JSON beside a model with the same name (<model>.json) holding "name" and "preprocess"; ' +
    'rename or move that file, or pass the preprocessing with --preprocess P.json';
  if (keys === null || !keys.some((key) => known.has(key))) {
    const found =
      keys === null ? `a JSON ${Array.isArray(value) ? 'array' : typeof value}` : describeKeys(keys);
    throw new NotAModelCardError(
      `${file} was read as the model card, but it is not one (${found}); ${remedy}`,
    );
  }
  const missing = REQUIRED_KEYS.filter((key) => !keys.includes(key));
  try {
    return parseWith(modelCardSchema, value, `model card ${file}`);
  } catch (error) {
    const lacks = missing.length > 0 ? `it lacks ${missing.map((key) => `"${key}"`).join(' and ')}; ` : '';
    throw new ConfigError(`${(error as Error).message}\n${lacks}${remedy}`);
  }
}

/** The JSON beside a model is of another kind altogether (not a card with a mistake). */
export class NotAModelCardError extends ConfigError {}

function describeKeys(keys: string[]): string {
  if (keys.length === 0) return 'an empty object';
  const shown = keys
    .slice(0, 4)
    .map((key) => `"${key}"`)
    .join(', ');
  return `its keys are ${shown}${keys.length > 4 ? `, … (${keys.length} in all)` : ''}`;
}
