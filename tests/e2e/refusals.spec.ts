// What the UI refuses before it asks the server, and how it tells what the server refused, on the bundled demo
// project (1,000 images) a new database opens on: image counts and trials beside their fields with the Queue
// button disabled, an empty project name, server errors as sentences with their details one click away, and
// History searched by preset and by mapping.
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serveDuringSpec } from './serve-process';

const SCREENSHOTS = resolve('docs/screenshots');
const work = mkdtempSync(join(tmpdir(), 'cb-e2e-refusals-'));

const served = serveDuringSpec(async () => {
  return {
    args: ['bin/crossbar.js', 'serve', '--port', '0', '--db', join(work, 'refusals.db')],
    env: { ...process.env, XDG_CACHE_HOME: join(work, 'cache') },
  };
});

async function openView(page: Page, link: string, heading = link) {
  await page.getByRole('link', { name: link, exact: true }).click();
  await expect(page.getByRole('heading', { name: heading, exact: true })).toBeVisible();
}

/** A small run: few images, one trial, no statistics. */
async function smallTarget(page: Page) {
  await page.getByLabel('Images', { exact: true }).fill('20');
  await page.getByLabel('Trials').fill('1');
  await page.getByLabel('Calibration images').fill('10');
  await page.getByLabel('Statistics images').fill('0');
}

test('the builder refuses what the API would, beside the field, before Queue is enabled', async ({
  page,
}) => {
  await page.goto(served.url());
  await openView(page, 'Experiment');
  const queue = page.getByRole('button', { name: 'Queue run' });
  await expect(queue).toBeEnabled();

  const images = page.getByLabel('Images', { exact: true });
  await images.fill('5000');
  await expect(page.locator('#message-images')).toHaveText('5000 asked for, the dataset has 1000');
  await expect(images).toHaveAttribute('aria-invalid', 'true');
  await expect(queue).toBeDisabled();
  await page.getByLabel('Trials').fill('-2');
  await expect(page.locator('#message-trials')).toHaveText('must be an integer 1..1000');
  await queue.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SCREENSHOTS, 'experiment-checks.png') });

  // The test images leave too few to calibrate on: the message moves to the calibration field.
  await images.fill('950');
  await page.getByLabel('Trials').fill('2');
  await expect(page.locator('#message-images')).toHaveCount(0);
  await expect(page.locator('#message-calibrationImages')).toHaveText(
    "100 asked for, but only 50 of the dataset's 1000 are left after the 950 test images",
  );
  await expect(queue).toBeDisabled();
  await images.fill('0');
  await expect(page.locator('#message-images')).toHaveText('must be an integer 1..10000000');
  await images.fill('500');
  await expect(queue).toBeEnabled();
});

test('an empty project name is refused, and a name the server refuses is told as a sentence', async ({
  page,
}) => {
  await page.goto(served.url());
  const create = page.getByRole('button', { name: 'Create project' });
  await expect(create).toBeDisabled();
  await expect(page.getByText('Name must not be empty')).toBeVisible();
  await page.getByLabel('New project').fill('   ');
  await expect(create).toBeDisabled();

  await page.getByRole('button', { name: 'Rename' }).first().click();
  await page.getByLabel('New name').fill('');
  await expect(page.getByRole('button', { name: 'Save' })).toBeDisabled();
  await expect(page.locator('#rename-message')).toHaveText('Name must not be empty');
  await page.getByRole('button', { name: 'Cancel' }).click();

  // A name that is taken passes the form; the server's refusal reads as a sentence, its code in the details.
  await page.getByLabel('New project').fill('Fashion-MNIST demo');
  await create.click();
  const alert = page.getByRole('alert');
  await expect(alert.locator('.sentence')).toHaveText('A project named "Fashion-MNIST demo" already exists.');
  await expect(alert.locator('code')).toBeHidden();
  await alert.getByText('Details').click();
  await expect(alert.locator('code')).toHaveText('conflict');
  await page.screenshot({ path: join(SCREENSHOTS, 'projects-refused.png') });
});

test('a server error reads as a sentence, with no code, system error or temporary folder', async ({
  page,
}) => {
  await page.goto(served.url());
  await openView(page, 'Models & data');
  const missing = join(work, 'no-such-model.onnx');
  await page.getByLabel(/Or a path on the server/).fill(missing);
  await page.getByRole('button', { name: 'Import model' }).click();
  const alert = page.getByRole('alert');
  const sentence = alert.locator('.sentence');
  await expect(sentence).toHaveText('Cannot read model “no-such-model.onnx”: no such file or folder.');
  await expect(sentence).not.toHaveText(/internal|invalid-|ENOENT|cb-e2e/);
  // The code and the backend's own message are one click away.
  const details = alert.locator('details');
  await expect(details.locator('pre')).toBeHidden();
  await details.getByText('Details').click();
  await expect(details.locator('code')).toHaveText('invalid-model');
  await expect(details.locator('pre')).toHaveText(`cannot read model ${missing}: ENOENT`);
  await alert.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SCREENSHOTS, 'error-details.png') });
});

test('History lists a preset run under its name and finds runs by preset and by mapping', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await page.goto(served.url());

  // A SONOS run, then a sweep of the defaults over the mapping scheme.
  await openView(page, 'Experiment');
  await page.getByLabel('Start from').selectOption('preset:SONOS');
  await smallTarget(page);
  await page.getByRole('button', { name: 'Queue run' }).click();
  await expect(page.getByRole('heading', { name: 'Run queue' })).toBeVisible();
  await openView(page, 'Experiment');
  await page.getByLabel('Start from').selectOption('defaults');
  await smallTarget(page);
  await page.getByRole('button', { name: 'Add axis' }).click();
  await page.getByLabel('Swept parameter').selectOption('mapping.scheme');
  await page.getByLabel('Values').fill('differential, offset');
  await page.getByRole('button', { name: 'Queue sweep (2 points)' }).click();
  await expect(page.locator('[data-testid="job"][data-state="finished"]')).toHaveCount(2, {
    timeout: 240_000,
  });

  await openView(page, 'History');
  const rows = page.getByTestId('history-row');
  await expect(rows).toHaveCount(3);
  const sonos = rows.filter({ hasText: 'SONOS' });
  await expect(sonos).toHaveCount(1);
  await expect(sonos.getByTestId('run-mapping')).toHaveText('differential, one-sided');
  // Each sweep point shows the value it swept.
  const points = page.getByTestId('run-point');
  await expect(points).toHaveCount(2);
  await expect(points.filter({ hasText: /^Mapping = offset$/ })).toHaveCount(1);
  await expect(points.filter({ hasText: /^Mapping = differential$/ })).toHaveCount(1);

  await page.screenshot({ path: join(SCREENSHOTS, 'history-presets.png') });

  const search = page.getByRole('searchbox');
  await search.fill('sonos');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('SONOS');
  await search.fill('offset');
  await expect(rows).toHaveCount(1);
  await expect(rows.first().getByTestId('run-point')).toHaveText('Mapping = offset');
  await search.fill('differential');
  await expect(rows).toHaveCount(2);
  await search.fill('SONOS');
  await page.screenshot({ path: join(SCREENSHOTS, 'history-search.png') });
});
