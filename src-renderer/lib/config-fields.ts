// Runs' configs compared field by field: which dotted paths differ, how a value reads, and a field's form label.
import { flattenConfig } from '../../src-shared/config/config-paths';
import { hardwareForm } from '../../src-shared/config/form-fields';

export type FlatConfig = Record<string, unknown>;

export { flattenConfig };

export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The paths (in the configs' own field order) whose values are not the same in all the flattened configs. */
export function differingPaths(configs: readonly FlatConfig[]): string[] {
  const paths = new Set(configs.flatMap((config) => Object.keys(config)));
  return [...paths].filter((path) => configs.some((config) => !sameValue(config[path], configs[0][path])));
}

/** A config value as a table cell or legend shows it. */
export function displayValue(value: unknown): string {
  if (value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

let labels: Map<string, string> | undefined;

/** The form label of a path ("ADC bits"), or the path itself where the label alone is ambiguous ("α"). */
export function fieldLabel(path: string): string {
  labels ??= uniqueLabels();
  return labels.get(path) ?? path;
}

function uniqueLabels(): Map<string, string> {
  const fields = hardwareForm().flatMap((group) => group.fields);
  const count = (label: string) => fields.filter((field) => field.label === label).length;
  return new Map(
    fields.filter((field) => count(field.label) === 1).map((field) => [field.path, field.label]),
  );
}
