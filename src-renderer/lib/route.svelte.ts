// Hash routing: "#/results?sweep=3" → { view: 'results', params: { sweep: '3' } }. The hash keeps a view
// reloadable and linkable between views (a run in the queue opens its heatmaps).

export const VIEWS = ['projects', 'models', 'experiment', 'queue', 'results', 'heatmaps', 'history'] as const;
export type View = (typeof VIEWS)[number];

function parse(hash: string): { view: View; params: Record<string, string> } {
  const [path, query = ''] = hash.replace(/^#\/?/, '').split('?');
  const view = (VIEWS as readonly string[]).includes(path) ? (path as View) : 'projects';
  return { view, params: Object.fromEntries(new URLSearchParams(query)) };
}

export const route = $state(parse(location.hash));

window.addEventListener('hashchange', () => Object.assign(route, parse(location.hash)));

export function navigate(view: View, params: Record<string, string | number> = {}): void {
  const query = Object.entries(params)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join('&');
  location.hash = `#/${view}${query ? `?${query}` : ''}`;
}
