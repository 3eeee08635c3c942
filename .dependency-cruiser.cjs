// The import rules of docs/architecture.md, checked by `npm run lint`: a change that breaks them fails CI.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A module circle means no layer of it can be understood, or tested, without the others.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'jobs-below-app',
      comment:
        'jobs/ is a queue of opaque tasks on worker threads; the app gives it runs and sweeps, never the ' +
        'other way round.',
      severity: 'error',
      from: { path: '^src-main/jobs/' },
      to: { path: '^src-main/(app|store|sim|data|cli|serve|electron|host)/' },
    },
    {
      name: 'sim-is-pure',
      comment: 'The simulator knows nothing of SQLite, datasets on disk, jobs, the app or its entry points.',
      severity: 'error',
      from: { path: '^src-main/sim/' },
      to: { path: '^src-main/(app|jobs|store|data|cli|serve|electron|host)/' },
    },
    {
      name: 'store-is-low',
      comment: 'The store writes SQL and nothing else.',
      severity: 'error',
      from: { path: '^src-main/store/' },
      to: { path: '^src-main/(app|jobs|sim|data|cli|serve|electron|host)/' },
    },
    {
      name: 'shared-is-shared',
      comment: 'src-shared runs in the renderer and in Node alike.',
      severity: 'error',
      from: { path: '^src-shared/' },
      to: { path: '^(src-main|src-renderer)/' },
    },
    {
      name: 'renderer-talks-api-only',
      comment: 'The renderer reaches the backend through the typed API and its transport only.',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { path: '^src-main/' },
    },
    {
      name: 'electron-only-in-its-shell',
      severity: 'error',
      from: { pathNot: '^src-main/electron/' },
      to: { path: '^node_modules/electron/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
