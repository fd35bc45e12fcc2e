// 9. Accessible: axe-core (WCAG 2.0 and 2.1, levels A and AA) finds nothing after a run, during a
//    replay of the small-model steps (the stitched panel in the small model's colours), with every
//    folded section open, and in presentation mode. Light and dark colour schemes.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { openAndRun, openFold, replayTo } from '../helpers';

const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const FOLDS = [
  'How trajectory stitching works',
  'Why it works',
  'How far can you push r?',
  'Speed against quality',
  'For researchers',
  'The models',
  'Your own models',
];

/** No violation; on failure, each one with the elements it names. */
async function expectNoViolations(page: Page, when: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_AA).analyze();
  const found = violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => `${n.target.join(' ')} (${n.any[0]?.message ?? n.failureSummary})`).join('; ')}`,
  );
  expect(found, `axe violations ${when}`).toEqual([]);
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(
    `axe finds no WCAG 2.1 AA violation after a run, replaying the small-model steps, with every section open, and presenting (${colorScheme})`,
    { tag: '@chromium-only' },
    async ({ page }) => {
      test.setTimeout(300_000);
      if (colorScheme === 'dark') await page.emulateMedia({ colorScheme });
      await openAndRun(page, { steps: 4, r: 0.5, seed: 2, guidance: 1, batch: 1 });
      await expectNoViolations(page, 'after a run');

      await replayTo(page, 2, 'stitched');
      await expect(page.getByTestId('step-stitched')).toContainText('small model');
      await expectNoViolations(page, 'replaying a small-model step');

      for (const title of FOLDS) await openFold(page, title);
      await expect(page.getByRole('region', { name: 'How trajectory stitching works' })).toBeVisible();
      await expectNoViolations(page, 'with every section open');

      await page.getByRole('button', { name: 'Present' }).click();
      await expect(page.getByTestId('presentation')).toBeVisible();
      await expectNoViolations(page, 'in presentation mode');
    },
  );
}
