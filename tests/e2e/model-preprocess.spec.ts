// A model brought without its card, uploaded by the browser (issue 17, item 5): the editor shows what the
// import proposed from the declared input, names every value the schema or the model refuses beside it with Save
// disabled, and saves what fits; the model is listed under the file name the user chose.
import { expect, test } from '@playwright/test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openStore } from '../../src-main/store';
import { serveDuringSpec } from './serve-process';

const SCREENSHOTS = resolve('docs/screenshots');
const work = mkdtempSync(join(tmpdir(), 'cb-e2e-preprocess-'));
const db = join(work, 'preprocess.db');

const served = serveDuringSpec(async () => {
  return {
    args: ['bin/crossbar.js', 'serve', '--port', '0', '--db', db, '--no-demo'],
    env: {
      ...process.env,
      XDG_CACHE_HOME: join(work, 'cache'),
    },
  };
});

test('an uploaded model without a card: the proposal, its checks, and the saved edit', async ({ page }) => {
  await page.goto(served.url());
  await page.getByLabel('New project').fill('Own export');
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(page.getByRole('heading', { name: 'Models & data' })).toBeVisible();
  await page.locator('input[type=file]').setInputFiles({
    name: 'fashion-export.onnx',
    mimeType: 'application/octet-stream',
    buffer: readFileSync(resolve('resources/demo/model.onnx')),
  });

  const editor = page.getByTestId('preprocess-editor');
  await expect(editor).toContainText('as [N, 1, 28, 28]');
  await expect(page.getByRole('combobox', { name: 'Model' }).locator('option:checked')).toHaveText(
    'fashion-export.onnx',
  );
  // The proposal for a one-channel 28×28 input: the whole image, mean and std 0.5.
  await expect(editor.getByLabel('Resize')).toHaveValue('28');
  await expect(editor.getByLabel('Centre crop')).toHaveValue('28');
  await expect(editor.getByLabel('Channels')).toHaveValue('1');
  await expect(editor.getByLabel('Mean')).toHaveValue('[0.5]');
  const save = editor.getByRole('button', { name: 'Save preprocessing' });
  await expect(save).toBeDisabled();

  // A crop the model cannot take: the model's own shape against the preprocessing's, Save disabled.
  await editor.getByLabel('Centre crop').fill('32');
  await editor.getByLabel('Centre crop').blur();
  await expect(page.getByTestId('preprocess-mismatch')).toHaveText(
    'The model expects input [?, 1, 28, 28], but the preprocessing gives [N, 1, 32, 32] (NCHW).',
  );
  await expect(save).toBeDisabled();
  await editor.getByLabel('Centre crop').fill('28');
  await editor.getByLabel('Centre crop').blur();
  await expect(page.getByTestId('preprocess-mismatch')).toHaveCount(0);

  // A value the schema refuses: its own message beside the field.
  await editor.getByLabel('Std').fill('[0.35, 0.35]');
  await editor.getByLabel('Std').blur();
  await expect(editor.getByRole('alert')).toHaveText('must have one value per channel (or one for all)');
  await expect(save).toBeDisabled();
  await page.screenshot({ path: join(SCREENSHOTS, 'models-preprocess-invalid.png'), fullPage: true });

  await editor.getByLabel('Std').fill('[0.35]');
  await editor.getByLabel('Std').blur();
  await editor.getByLabel('Mean').fill('[0.29]');
  await editor.getByLabel('Mean').blur();
  await expect(save).toBeEnabled();
  await save.click();
  await expect(editor.getByRole('status')).toHaveText('Saved: the next runs of this model use it.');
  await expect(save).toBeDisabled();
  await page.screenshot({ path: join(SCREENSHOTS, 'models-preprocess.png'), fullPage: true });

  // What the runs read: the card beside the stored copy.
  const store = openStore(db, { readonly: true });
  try {
    const [model] = store.models.list();
    expect(model.name).toBe('fashion-export.onnx');
    const card = JSON.parse(readFileSync(model.path.replace(/\.onnx$/, '.json'), 'utf8'));
    expect(card.preprocess).toEqual({
      resize: 28,
      crop: 28,
      channels: 1,
      mean: [0.29],
      std: [0.35],
      layout: 'nchw',
    });
  } finally {
    store.close();
  }
});
