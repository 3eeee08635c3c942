// Field builders shared by every config schema: each carries its own range, unit and help text, and the
// validation message a user sees ("adc.bits must be an integer 0..16, got 20").
import { z } from 'zod';

export interface FieldMeta {
  /** Short label for forms. */
  label?: string;
  /** One sentence of help shown beside the field. */
  help?: string;
  /** Physical or algorithmic unit, shown after the value. */
  unit?: string;
}

export function intIn(min: number, max: number, meta: FieldMeta = {}) {
  return z
    .number({ error: `must be an integer ${min}..${max}` })
    .int({ error: `must be an integer ${min}..${max}` })
    .min(min, { error: `must be an integer ${min}..${max}` })
    .max(max, { error: `must be an integer ${min}..${max}` })
    .meta({ ...meta });
}

export function numberIn(min: number, max: number, meta: FieldMeta = {}) {
  const message = `must be a number in [${min}, ${max}]`;
  return z
    .number({ error: message })
    .min(min, { error: message })
    .max(max, { error: message })
    .meta({ ...meta });
}

/** A percentile P that keeps more than half of a distribution: (50, 100]. */
export function percentileIn(meta: FieldMeta = {}) {
  const message = 'must be a number in (50, 100]';
  return z
    .number({ error: message })
    .gt(50, { error: message })
    .max(100, { error: message })
    .meta({ ...meta });
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T, meta: FieldMeta = {}) {
  return z
    .enum(values, { error: `must be one of ${values.map((v) => `"${v}"`).join(', ')}` })
    .meta({ ...meta });
}

/** Formats a validation failure as one line per problem, each naming the dotted field and the value given. */
export function describeIssues(error: z.ZodError, prefix = ''): string {
  return error.issues
    .map((issue) => {
      const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(root)';
      if (issue.code === 'unrecognized_keys') {
        const where = path === '(root)' ? '' : ` in ${path}`;
        return `unknown field${issue.keys.length > 1 ? 's' : ''}${where}: ${issue.keys.join(', ')}`;
      }
      const got =
        issue.code !== 'custom' && 'input' in issue && issue.input !== undefined
          ? `, got ${JSON.stringify(issue.input)}`
          : '';
      return `${path} ${issue.message}${got}`;
    })
    .join('\n');
}

/** A config value that failed its schema; the message names every offending field. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses `value` against `schema`, throwing a ConfigError whose message names each bad field. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value, { reportInput: true });
  if (!result.success) throw new ConfigError(`invalid ${what}:\n${describeIssues(result.error)}`);
  return result.data;
}
