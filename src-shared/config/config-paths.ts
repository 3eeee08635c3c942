// Configs as flat dotted paths: for reading and writing one field, and for diffs between two configs.

type Tree = Record<string, unknown>;

function isTree(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function valueAt(config: unknown, path: string): unknown {
  let value = config;
  for (const key of path.split('.')) {
    if (!isTree(value)) return undefined;
    value = value[key];
  }
  return value;
}

/** A copy of `config` with the field at `path` set (undefined removes it), creating objects on the way. */
export function withValueAt(config: Tree, path: string, value: unknown): Tree {
  const [key, ...rest] = path.split('.');
  const copy = { ...config };
  if (rest.length === 0) {
    if (value === undefined) delete copy[key];
    else copy[key] = value;
    return copy;
  }
  copy[key] = withValueAt(isTree(config[key]) ? config[key] : {}, rest.join('.'), value);
  return copy;
}

/** Every leaf of a config by dotted path (lists count as leaves). */
export function flattenConfig(config: unknown, prefix = ''): Record<string, unknown> {
  if (!isTree(config)) return prefix ? { [prefix]: config } : {};
  return Object.fromEntries(
    Object.entries(config).flatMap(([key, value]) =>
      Object.entries(flattenConfig(value, prefix ? `${prefix}.${key}` : key)),
    ),
  );
}

/** The paths where two configs differ, in path order, with both values (undefined where one lacks it). */
export function configDifferences(a: unknown, b: unknown): { path: string; a: unknown; b: unknown }[] {
  const left = flattenConfig(a);
  const right = flattenConfig(b);
  const paths = [...new Set([...Object.keys(left), ...Object.keys(right)])].sort();
  return paths
    .filter((path) => JSON.stringify(left[path]) !== JSON.stringify(right[path]))
    .map((path) => ({ path, a: left[path], b: right[path] }));
}
