// The desktop window's path, short of Electron's binary (which cannot be downloaded here): the built main process
// loads no native addon, and the host it starts (`desktopHostLaunch`, exactly as main.ts does) serves the UI that
// the window shows, here in Chromium with the preload's one bridge stood in for.
import { expect, test } from '@playwright/test';
import { builtinModules } from 'node:module';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  desktopHostLaunch,
  startAppHostProcess,
  type AppHostProcess,
} from '../../src-main/electron/app-host-process';
import { openStore } from '../../src-main/store';

const demoModel = resolve('resources/demo/model.onnx');
let host: AppHostProcess;
let db = '';

test.beforeAll(async () => {
  const work = mkdtempSync(join(tmpdir(), 'cb-e2e-desktop-'));
  db = join(work, 'desktop.db');
  // As bin/start.js starts Electron: CROSSBAR_NODE is the Node that ran `npm start`.
  const env = { ...process.env, CROSSBAR_NODE: process.execPath, CROSSBAR_DB: db, XDG_CACHE_HOME: work };
  host = await startAppHostProcess({ ...desktopHostLaunch(resolve('.'), env), forwardOutput: false });
});

test.afterAll(async () => {
  await host?.close();
});

/** Every module a built file imports or requires, by its specifier. */
function importedModules(dir: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(c|m)?js$/.test(entry.name)) continue;
    const file = join(entry.parentPath, entry.name);
    const code = readFileSync(file, 'utf8');
    const specifiers = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)["']([^"']+)["']/g;
    for (const [, specifier] of code.matchAll(specifiers)) {
      found.set(specifier, [...(found.get(specifier) ?? []), file]);
    }
  }
  return found;
}

test("the built main process and preload import only Electron and Node's own modules", () => {
  const allowed = new Set(['electron', ...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
  for (const dir of ['out/main', 'out/preload']) {
    const imported = importedModules(resolve(dir));
    // The bundle is not empty: the check reads what the build wrote.
    expect(imported.has('electron'), `${dir} imports electron`).toBe(true);
    const relativeChunks = [...imported.keys()].filter((specifier) => specifier.startsWith('.'));
    expect(relativeChunks, `${dir} is one file per entry`).toEqual([]);
    const foreign = [...imported].filter(([specifier]) => !allowed.has(specifier));
    expect(foreign, `${dir} loads no addon nor package`).toEqual([]);
  }
});

test('the window shows the host that main.ts starts, and imports a picked model in place', async ({
  page,
}) => {
  await page.addInitScript((path) => {
    (globalThis as unknown as { crossbar: object }).crossbar = { pathForFile: () => path };
  }, demoModel);
  await page.goto(host.url);
  await expect(page.getByText('Desktop window')).toBeVisible();
  // A new database opens on the bundled demo, ready to run: its model and images are there.
  await expect(page.getByRole('combobox', { name: 'Project' }).locator('option:checked')).toHaveText(
    'Fashion-MNIST demo',
  );
  await page.getByRole('link', { name: 'Models & data' }).click();
  await expect(page.getByTestId('layer-table').locator('tbody tr').first()).toBeVisible();
  await page.getByRole('link', { name: 'Projects' }).click();
  await page.getByLabel('New project').fill('Bench');
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(page.getByRole('heading', { name: 'Models & data' })).toBeVisible();
  await expect(page.getByLabel(/Or a path on the computer/)).toBeVisible();
  await page.locator('input[type=file]').setInputFiles({
    name: 'model.onnx',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from('not read: the host reads the file at its path'),
  });
  await expect(page.getByTestId('layer-table').locator('tbody tr').first()).toBeVisible();
  const store = openStore(db, { readonly: true });
  try {
    const bench = store.projects.list().find((project) => project.name === 'Bench')!;
    const [model] = store.models.list({ projectId: bench.id });
    // The model card beside the file named it; the host read the real file, not the bytes the page held.
    expect(model.name).toBe('Fashion-MNIST ResNet (demo)');
  } finally {
    store.close();
  }
});
