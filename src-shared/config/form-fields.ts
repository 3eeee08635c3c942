// A config as a form: every field of its one schema with its label, unit, help, range, options and default; the
// hardware config grouped as an architect thinks of it. Generated from the schema, so a new field appears by itself.
import { z } from 'zod';
import { hardwareFieldsSchema } from './hardware';
import { preprocessSchema } from './preprocess';

interface FieldBase {
  /** Dotted path in the config: "adc.bits". */
  path: string;
  label: string;
  help?: string;
  unit?: string;
  default: unknown;
  /** The nested object a field belongs to below its group ("Programming error"), or null at the top. */
  section: string | null;
}

export type FormField =
  | (FieldBase & { kind: 'integer' | 'number'; min?: number; max?: number; nullable: boolean })
  /** Options are the schema's own values: strings, or numbers where it takes literals (channels 1 or 3). */
  | (FieldBase & { kind: 'enum'; options: (string | number)[] })
  | (FieldBase & { kind: 'boolean' })
  /** Lists and pairs (limits, σ tables, digital layers), edited as JSON. */
  | (FieldBase & { kind: 'json' });

export interface FormGroup {
  title: string;
  fields: FormField[];
}

const GROUPS: { title: string; roots: string[] }[] = [
  { title: 'Weights & mapping', roots: ['weights', 'mapping', 'bias', 'digitalLayers'] },
  { title: 'Array', roots: ['array'] },
  { title: 'Device', roots: ['device'] },
  { title: 'DAC', roots: ['dac'] },
  { title: 'ADC', roots: ['adc'] },
];

interface JsonSchemaNode {
  type?: string;
  properties?: Record<string, JsonSchemaNode>;
  anyOf?: JsonSchemaNode[];
  enum?: string[];
  const?: string | number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  default?: unknown;
  label?: string;
  help?: string;
  unit?: string;
}

export function hardwareForm(): FormGroup[] {
  const fields = schemaFields(hardwareFieldsSchema);
  return GROUPS.map(({ title, roots }) => ({
    title,
    fields: roots.flatMap((key) => fields.filter((field) => field.path.split('.')[0] === key)),
  }));
}

/** A model's preprocessing, one group. */
export function preprocessForm(): FormGroup[] {
  return [{ title: 'Preprocessing', fields: schemaFields(preprocessSchema) }];
}

function schemaFields(schema: z.ZodType): FormField[] {
  return leaves(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchemaNode, []);
}

function leaves(node: JsonSchemaNode, path: string[]): FormField[] {
  if (node.type === 'object' && node.properties) {
    return Object.entries(node.properties).flatMap(([key, child]) => leaves(child, [...path, key]));
  }
  return [leaf(node, path.join('.'))];
}

function leaf(node: JsonSchemaNode, path: string): FormField {
  const nonNull = node.anyOf?.filter((option) => option.type !== 'null') ?? [node];
  const nullable = (node.anyOf?.length ?? 0) > nonNull.length;
  const value = nonNull.length === 1 ? nonNull[0] : node;
  const keys = path.split('.');
  const base: FieldBase = {
    path,
    section: keys.length > 2 ? humanize(keys[keys.length - 2]) : null,
    label: node.label ?? value.label ?? path.split('.').at(-1)!,
    help: node.help ?? value.help,
    unit: node.unit ?? value.unit,
    default: node.default,
  };
  if (value.type === 'integer' || value.type === 'number') {
    return {
      ...base,
      kind: value.type,
      min: value.minimum ?? value.exclusiveMinimum,
      max: value.maximum,
      nullable,
    };
  }
  if (value.enum) return { ...base, kind: 'enum', options: value.enum };
  if (nonNull.length > 1 && nonNull.every((option) => option.const !== undefined)) {
    return { ...base, kind: 'enum', options: nonNull.map((option) => option.const!) };
  }
  if (value.type === 'boolean') return { ...base, kind: 'boolean' };
  return { ...base, kind: 'json' };
}

/** "programmingError" → "Programming error". */
function humanize(key: string): string {
  const words = key.replace(/([A-Z])/g, ' $1').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
