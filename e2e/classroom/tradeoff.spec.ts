// 4. The trade-off chart: FID and time against r from evaluation.json, the current r marked,
//    its source named; a plain statement when the file does not exist.
import { expect, test } from '../fixtures';
import { FIXTURES, openFold } from '../helpers';

test(
  'the trade-off chart draws evaluation.json with the current r marked and its source named, and says so when there is no file',
  { tag: '@chromium-only' },
  async ({ page, context }) => {
    await test.step('the fixture file (fake numbers, and it says so)', async () => {
      await page.goto(FIXTURES);
      await openFold(page, 'Speed against quality');
      await expect(page.getByTestId('tradeoff-note')).toContainText('FAKE NUMBERS');
      await expect(page.getByTestId('tradeoff-source')).toContainText('public/fixtures/evaluation.json');
      await expect(page.getByTestId('tradeoff-source')).toContainText('none: hand-written test fixture');
      await expect(page.getByTestId('tradeoff-table').locator('tbody tr')).toHaveCount(5);
      await expect(page.getByRole('img', { name: 'FID against small-model fraction r, 5 measurements' })).toBeVisible();
      await expect(page.getByRole('img', { name: 'Seconds per image against small-model fraction r, 5 measurements' })).toBeVisible();
      await expect(page.getByTestId('tradeoff-fid').locator('.series-fid circle')).toHaveCount(5);
    });

    await test.step('the marker follows the fraction slider', async () => {
      const stepsInput = page.getByRole('spinbutton', { name: 'Steps', exact: true });
      await stepsInput.fill('4');
      const slider = page.getByRole('slider', { name: 'Small-model fraction' });
      await slider.focus();
      await slider.press('End');
      await expect(page.getByTestId('tradeoff-fid').locator('.chart-marker text')).toHaveText('your r = 1.00');
      const x1 = await page.getByTestId('tradeoff-fid').locator('.chart-marker line').getAttribute('x1');
      await slider.press('ArrowLeft');
      await slider.press('ArrowLeft');
      await expect(page.getByTestId('tradeoff-time').locator('.chart-marker text')).toHaveText('your r = 0.50');
      await expect(page.getByTestId('tradeoff-current')).toContainText('r = 0.50, FID 12.00, 0.024 s per image, class accuracy 85.0%');
      expect(Number(await page.getByTestId('tradeoff-fid').locator('.chart-marker line').getAttribute('x1'))).toBeLessThan(Number(x1));
    });

    await test.step('a file written by the test, in the shape tools/research/eval.ts writes', async () => {
      await context.route('**/fixtures/evaluation.json', (route) =>
        route.fulfill({
          contentType: 'application/json',
          body: JSON.stringify({
            tool: 'tools/eval.ts',
            config: {
              command: 'written by the e2e test',
              samples: 64,
              steps: 10,
              sampler: 'ddpm',
              guidance: 1.5,
              seed: 9,
              runtime: 'a test runtime',
            },
            reference: { source: 'real images', samples: 64, fid: 20, classAccuracy: 0.97 },
            rows: [
              { fraction: 1, smallSteps: 10, largeSteps: 0, fid: 77.25, classAccuracy: null, secondsPerImage: 0.25 },
              { fraction: 0, smallSteps: 0, largeSteps: 10, fid: 42.5, classAccuracy: 0.5, secondsPerImage: 1.5 },
              { fraction: 0.5, smallSteps: 5, largeSteps: 5, fid: null, classAccuracy: null, secondsPerImage: 0.5 },
            ],
          }),
        }),
      );
      await page.goto(FIXTURES);
      await openFold(page, 'Speed against quality');
      await expect(page.getByTestId('tradeoff-source')).toContainText(
        '(64 images per point, DDPM 10 steps, guidance 1.5, seed 9), made by written by the e2e test. Times were measured where the evaluation ran (a test runtime)',
      );
      // The first file format, restated: each fraction a small-first plan with the file's settings.
      await expect(page.getByTestId('tradeoff-table').locator('tbody tr')).toHaveText([
        'small-first 0 / 0 / 1ddpm 106442.50–1.500050.0%',
        'small-first 0.5 / 0 / 0.5ddpm 1064n/a–0.5000–',
        'small-first 1 / 0 / 0ddpm 106477.25–0.2500–',
      ]);
      await expect(page.getByTestId('tradeoff-fid').locator('.series-fid circle')).toHaveCount(2); // no point where FID is missing
      await expect(page.getByTestId('tradeoff-fid').locator('.series-ref polyline')).toBeAttached(); // the real-image floor
      await expect(page.getByTestId('tradeoff-time').locator('.series-time circle')).toHaveCount(3);
      await expect(page.getByTestId('tradeoff-note')).toHaveCount(0);
    });

    await test.step('no file: it says so, and draws nothing', async () => {
      await context.unrouteAll();
      await context.route('**/fixtures/evaluation.json', (route) => route.fulfill({ status: 404, body: 'not found' }));
      await page.goto(FIXTURES);
      await openFold(page, 'Speed against quality');
      await expect(page.getByTestId('tradeoff-missing')).toContainText(
        'No measurements yet: public/fixtures/evaluation.json does not exist',
      );
      await expect(page.getByTestId('tradeoff-fid')).toHaveCount(0);
      await expect(page.getByTestId('tradeoff-table')).toHaveCount(0);
    });
  },
);
