// A user's whole session in the browser against `crossbar serve` on an empty store (`--no-demo`): create a
// project, import the demo model
// and images, build a sweep from a paper template, run it and watch it, compare the results, open a heatmap and
// one array's cells, export CSV and PNG — each step checked against what the store holds.
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openStore } from '../../src-main/store';
import { serveDuringSpec } from './serve-process';

const SCREENSHOTS = resolve('docs/screenshots');
const demo = resolve('resources/demo');
let db = '';

const served = serveDuringSpec(async () => {
  db = join(mkdtempSync(join(tmpdir(), 'cb-e2e-')), 'session.db');
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    args: ['bin/crossbar.js', 'serve', '--port', '0', '--db', db, '--no-demo'],
    env: {
      ...process.env,
      XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'cb-e2e-cache-')),
    },
  };
});

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

function readStore<T>(read: (store: ReturnType<typeof openStore>) => T): T {
  const store = openStore(db, { readonly: true });
  try {
    return read(store);
  } finally {
    store.close();
  }
}

test('a new user runs a paper sweep and inspects it', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto(served.url());

  // Projects: the empty state says what to do; create one.
  await expect(page.getByRole('heading', { name: 'No project yet' })).toBeVisible();
  await shot(page, 'projects-empty');
  await page.getByLabel('New project').fill('Lab');
  await page.getByRole('button', { name: 'Create project' }).click();

  // Models & data: the demo model by path, its layers; the demo images, their layout and samples.
  await expect(page.getByRole('heading', { name: 'Models & data' })).toBeVisible();
  await page.getByLabel(/Or a path on the server/).fill(join(demo, 'model.onnx'));
  await page.getByRole('button', { name: 'Import model' }).click();
  const layerRows = page.getByTestId('layer-table').locator('tbody tr');
  await expect(layerRows.first()).toBeVisible();
  // What the analysis found, before anything runs: the demo's 10 Conv/Gemm layers, all analog.
  await expect(page.getByTestId('layer-summary')).toHaveText(
    /^10 analog layers on \d+ arrays at this design; 0 kept digital\.$/,
  );
  const storedModel = readStore((store) => store.models.list()[0]);
  expect(storedModel.name).toBe('Fashion-MNIST ResNet (demo)');
  await page.getByLabel(/Image folder on the server/).fill(join(demo, 'images'));
  await page.getByRole('button', { name: 'Register dataset' }).click();
  const datasetRow = page.getByTestId('dataset-table').locator('tbody tr').first();
  await expect(datasetRow).toContainText('class-folders');
  await expect(datasetRow).toContainText('1000');
  await datasetRow.getByRole('button', { name: 'Show samples' }).click();
  await expect(page.getByTestId('samples').locator('img')).toHaveCount(12);
  await shot(page, 'models-and-data');

  // Experiment: the ADC-bits template, cut to two bit widths; a small run of it.
  await page.getByRole('link', { name: 'Experiment' }).click();
  await page.getByLabel('Start from').selectOption('template:adc-bits');
  const values = page.getByLabel('Values');
  await expect(values).toHaveCount(2);
  await values.first().fill('4, 8');
  await page.getByLabel('Images', { exact: true }).fill('60');
  await page.getByLabel('Trials').fill('2');
  await page.getByLabel('Calibration images').fill('20');
  await page.getByLabel('Statistics images').fill('16');
  await expect(page.getByTestId('run-summary')).toContainText('4 points × 2 trials × 60');
  // An invalid value is named beside its field and blocks queueing.
  await page.getByLabel('ADC bits').fill('40');
  await expect(page.getByText('must be an integer 0..16')).toBeVisible();
  await expect(page.getByRole('button', { name: /Queue sweep/ })).toBeDisabled();
  await page.getByLabel('ADC bits').fill('');
  await page.getByRole('heading', { name: 'Experiment' }).scrollIntoViewIfNeeded();
  await shot(page, 'experiment-builder');
  await page.getByRole('button', { name: 'Queue sweep (4 points)' }).click();

  // Run queue: progress, then finished.
  await expect(page.getByRole('heading', { name: 'Run queue' })).toBeVisible();
  const job = page.getByTestId('job').first();
  await expect(job.locator('progress')).toBeVisible();
  await shot(page, 'run-queue');
  await expect(job).toHaveAttribute('data-state', 'finished', { timeout: 180_000 });
  const sweep = readStore((store) => {
    const [stored] = store.sweeps.list();
    return { id: stored.id, state: stored.state, runs: store.runs.list({ sweepId: stored.id }) };
  });
  expect(sweep.state).toBe('finished');
  expect(sweep.runs).toHaveLength(4);

  // Results: the comparison chart and its table hold the stored accuracies.
  await job.getByRole('button', { name: 'Results' }).click();
  await expect(page.getByTestId('comparison-chart')).toBeVisible();
  const table = page.getByTestId('comparison-table');
  await expect(table.locator('tbody tr')).toHaveCount(4);
  for (const run of sweep.runs) await expect(table).toContainText(run.id);
  await shot(page, 'results');
  const csvDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const csv = readFileSync((await (await csvDownload).path())!, 'utf8')
    .trim()
    .split(/\r?\n/);
  expect(csv).toHaveLength(5);
  for (const run of sweep.runs) expect(csv.join('\n')).toContain(run.id);
  const pngDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export PNG' }).click();
  const png = readFileSync((await (await pngDownload).path())!);
  expect(png.subarray(1, 4).toString()).toBe('PNG');

  // Heatmaps: every array of one run; one array's cells.
  await page.goto(`${new URL(served.url()).origin}/#/heatmaps?run=${sweep.runs[0].id}`);
  const arrays = page.getByTestId('array-cell');
  const storedArrays = readStore((store) => store.stats.arrays(sweep.runs[0].id, 0));
  await expect(arrays).toHaveCount(storedArrays.length);
  await expect(page.getByTestId('layer-chart')).toBeVisible();
  await shot(page, 'heatmaps');
  await arrays.first().click();
  await expect(page.getByTestId('cell-map')).toBeVisible();
  await expect(page.getByTestId('column-clipping')).toBeVisible();
  await shot(page, 'cell-map');

  // History: the four runs, searchable.
  await page.getByRole('link', { name: 'History' }).click();
  await expect(page.getByTestId('history-row')).toHaveCount(4);
  await shot(page, 'history');

  // Projects again: the project is listed and current.
  await page.getByRole('link', { name: 'Projects' }).click();
  await expect(page.getByRole('cell', { name: 'Lab' })).toBeVisible();
  await shot(page, 'projects');
});

test('the views follow a dark system theme', async ({ browser }) => {
  const page = await browser.newPage({ colorScheme: 'dark', viewport: { width: 1280, height: 800 } });
  await page.goto(served.url());
  await page.getByRole('link', { name: 'Experiment' }).click();
  await expect(page.getByRole('heading', { name: 'Experiment' })).toBeVisible();
  const background = await page
    .locator('body')
    .evaluate((body) => body.ownerDocument.defaultView!.getComputedStyle(body).backgroundColor);
  expect(background).toBe('rgb(22, 24, 29)');
  await shot(page, 'experiment-dark');
  await page.close();
});
