// The current project's models and datasets, reloaded whenever the project or anything stored changes; several
// views pick from them.
import type { DatasetInfo, ModelInfo } from '../../src-shared/api/api';
import { call, session } from '../api/client.svelte';

export const catalog = $state({ models: [] as ModelInfo[], datasets: [] as DatasetInfo[] });

$effect.root(() => {
  $effect(() => {
    void session.revision;
    const projectId = session.projectId;
    if (projectId === null) {
      catalog.models = [];
      catalog.datasets = [];
      return;
    }
    void call('models.list', { projectId }).then((list) => (catalog.models = list));
    void call('datasets.list', { projectId }).then((list) => (catalog.datasets = list));
  });
});

/** `current` when it is still in `items`, else the first item's id. */
export function keptOrFirst<T extends { id: number }>(
  items: readonly T[],
  current: number | null,
): number | null {
  return items.some((item) => item.id === current) ? current : (items[0]?.id ?? null);
}
