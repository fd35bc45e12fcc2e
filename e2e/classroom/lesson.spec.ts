// The lesson (issue 27): a guided tour of eight pages over the live run. Walked forward and back on
// a phone (390x844) and inside presentation mode at a projector's 1920x1080; on every page the state
// it promises holds (the replay's step, the section open), the part it talks about is outlined and
// in view, every number it says is one the page shows elsewhere, and axe finds nothing (dark on the
// phone, light in presentation mode, and page 3 in dark there too). A `lesson=N` link opens page N;
// Esc leaves and puts the page back; the handout prints to one page. Both walks run in fallback and
// Firefox, not in WebGPU: the lesson's logic does not depend on the backend, and there each walk
// took 80 s of SwiftShader model calls out of CI's 20 minutes (e2e/README.md).
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { fixturesUrl, waitDone } from '../helpers';

const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** What each page promises, in the lesson's order (src/view/lesson.ts). */
const PAGES = [
  { heading: 'Same noise, two ways', replay: 'end', outline: 'panels' },
  { heading: 'The small model draws the layout', replay: 'hand-off', outline: 'predictions' },
  { heading: 'The hand-off', replay: 'hand-off', outline: 'timeline' },
  { heading: 'The same picture at the end', replay: 'end', outline: 'difference', section: 'why' },
  { heading: 'The time saved', replay: 'start', outline: 'headline' },
  { heading: 'How far can r go?', replay: 'end', outline: 'quality', section: 'tradeoff' },
  { heading: 'Why it works', replay: 'end', outline: 'agreement', section: 'why' },
  { heading: 'Order matters', replay: 'end', outline: 'quality', section: 'tradeoff' },
] as const;
// Two steps: every page has something to show (the hand-off after the first), and the WebGPU
// project's model calls on SwiftShader (about a second each) stay few.
const STEPS = 2;
const SMALL = 1;
const RUN = { steps: STEPS, r: SMALL / STEPS, seed: 5, guidance: 1, batch: 1 };

/** The stitched panel's step label for a replay position. */
// At the start the clock is at 0 (nothing before it). Step 1 shows as done there when its call was
// timed 0 ms: Firefox's 1 ms timer (no cross-origin isolation) can time a fixture model's call so.
const stepText = { start: /^Step 1 of 2 (next|· .*small model)/, 'hand-off': /^Step 1 of 2 · .*small model/, end: /^Step 2 of 2 · / };

/** Every number the lesson's sentences say, and every number the rest of the page shows (text and accessible names). */
async function numbers(page: Page): Promise<{ said: string[]; shown: string }> {
  return page.evaluate(() => {
    const card = document.querySelector('.lesson-card')!;
    const said = [...card.querySelectorAll('.lesson-sentences p')].flatMap((p) => p.textContent!.match(/\d+(\.\d+)?/g) ?? []);
    const root = document.querySelector('main')!.cloneNode(true) as HTMLElement;
    root.querySelector('.lesson-card')?.remove();
    const names = [...root.querySelectorAll('[aria-label]')].map((el) => el.getAttribute('aria-label'));
    return { said, shown: `${root.textContent} ${names.join(' ')}` };
  });
}

/** Page `n`'s promises; `axe` in this colour scheme (null: not this time, the walk back). */
async function expectPage(page: Page, n: number, presenting: boolean, axe: 'light' | 'dark' | null): Promise<void> {
  await test.step(`page ${n}`, () => checkPage(page, n, presenting, axe));
}

async function checkPage(page: Page, n: number, presenting: boolean, axe: 'light' | 'dark' | null): Promise<void> {
  const p = PAGES[n - 1];
  const lesson = page.getByRole('region', { name: 'Lesson' });
  await expect(lesson.getByTestId('lesson-progress')).toHaveText(`${n} of ${PAGES.length}`);
  await expect(lesson.getByRole('heading', { name: p.heading })).toBeFocused();
  expect(new URL(page.url()).searchParams.get('lesson')).toBe(String(n));
  // The run's r stays (no page changes it), and the replay stands where the page says.
  await expect(page.getByTestId('fraction')).toContainText(`r = ${RUN.r.toFixed(2)}`);
  await expect(page.getByTestId('step-stitched')).toHaveText(stepText[p.replay]);
  if (p.replay === 'start') await expect(page.getByRole('button', { name: 'Previous step' })).toBeDisabled();
  if (presenting) {
    const exhibit = page.getByTestId('lesson-exhibit');
    if ('section' in p) await expect(exhibit).toHaveAttribute('data-section', p.section);
    else await expect(exhibit).toHaveCount(0);
  } else if ('section' in p) await expect(page.getByTestId(`fold-${p.section}`)).toHaveAttribute('open', '');
  // No page scrolls sideways, on the phone's 390 px either.
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), `page ${n} fits the width`).toBe(true);
  // Outlined, by a dashed line (not a colour alone), and in view.
  const outlined = page.locator(`[data-lesson~="${p.outline}"]`).first();
  await expect(outlined).toBeInViewport();
  expect(await outlined.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('dashed');
  // The agreement page measures first; its sentences wait for the numbers.
  if (p.outline === 'agreement') await expect(page.getByTestId('agreement-status')).toHaveText(/^Measured at all/, { timeout: 60_000 });
  await expect(lesson.getByTestId('lesson-sentences')).not.toContainText('not measured yet');
  const { said, shown } = await numbers(page);
  for (const x of said) expect(shown, `page ${n} says ${x}`).toContain(x);
  // axe over Firefox's WebDriver BiDi loses its frame's context (as for every axe test: a11y.spec.ts
  // is Chromium's); the page's markup is the same in both.
  if (axe === null || test.info().project.name === 'firefox') return;
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_AA).analyze();
  expect(
    violations.map((v) => `${v.id}: ${v.nodes.map((node) => node.target.join(' ')).join('; ')}`),
    `axe, page ${n} (${axe})`,
  ).toEqual([]);
}

/** The colour scheme axe checks in (Firefox over BiDi has no media emulation, and runs no axe). */
async function colourScheme(page: Page, colorScheme: 'light' | 'dark'): Promise<void> {
  if (test.info().project.name !== 'firefox') await page.emulateMedia({ colorScheme });
}

/** Forward with Next and PageDown (axe on each page), back with PageUp and Back, checking every page each way. */
async function walk(page: Page, presenting: boolean, colorScheme: 'light' | 'dark'): Promise<void> {
  const lesson = page.getByRole('region', { name: 'Lesson' });
  for (let n = 1; n <= PAGES.length; n++) {
    await expectPage(page, n, presenting, colorScheme);
    if (n < PAGES.length) await (n % 2 ? lesson.getByRole('button', { name: 'Next' }).click() : page.keyboard.press('PageDown'));
  }
  for (let n = PAGES.length - 1; n >= 1; n--) {
    await (n % 2 ? page.keyboard.press('PageUp') : lesson.getByRole('button', { name: 'Back' }).click());
    await expectPage(page, n, presenting, null);
  }
}

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: false });

  test(
    'the lesson walks its eight pages on a phone; Esc puts the page back; the handout prints to one page',
    { tag: '@firefox' },
    async ({ page, browserName }) => {
      test.setTimeout(180_000);
      await colourScheme(page, 'dark');
      await page.goto(fixturesUrl(RUN));
      await waitDone(page);
      await page.evaluate(() => scrollTo(0, 0));
      const before = page.url();
      await page.getByRole('button', { name: 'Lesson', exact: true }).click();
      await walk(page, false, 'dark');

      if (browserName === 'chromium') {
        await test.step('the handout prints the run to exactly one page', async () => {
          await page.emulateMedia({ media: 'print' });
          const handout = page.getByTestId('handout');
          await expect(handout).toBeVisible();
          await expect(page.locator('#root')).toBeHidden();
          await expect(handout.getByTestId('handout-run')).toContainText(
            `r = 0.50: the small model ran the first ${SMALL} of ${STEPS} steps`,
          );
          const speedup = (await page.getByTestId('speedup').textContent())!;
          await expect(handout.getByTestId('handout-speed')).toContainText(speedup);
          await expect(handout.getByRole('img', { name: 'The two trajectories’ final images' })).toBeVisible();
          await expect(handout.getByRole('img', { name: /^QR code of this page’s link/ })).toBeVisible();
          const pdf = (await page.pdf({ format: 'A4' })).toString('latin1');
          expect(pdf.match(/\/Type\s*\/Page\b/g), 'pages in the PDF').toHaveLength(1);
          await page.emulateMedia({ media: 'screen' });
        });
      }

      await page.keyboard.press('Escape');
      await expect(page.getByRole('region', { name: 'Lesson' })).toHaveCount(0);
      expect(page.url()).toBe(before);
      await expect(page.getByTestId('fold-why')).not.toHaveAttribute('open', '');
      await expect(page.getByTestId('fold-tradeoff')).not.toHaveAttribute('open', '');
      await expect(page.getByTestId('step-stitched')).toHaveText(stepText.end);
      await expect(page.getByRole('button', { name: 'Lesson', exact: true })).toBeFocused();
    },
  );
});

test.describe('at a projector', () => {
  test.use({ viewport: { width: 1920, height: 1080 } });

  test('the lesson walks its eight pages inside presentation mode; lesson=N opens page N', { tag: '@firefox' }, async ({ page }) => {
    test.setTimeout(180_000);
    await colourScheme(page, 'dark');
    await page.goto(fixturesUrl({ ...RUN, lesson: 3 }));
    await waitDone(page);
    // The link's page, in its state, once the run is done.
    await expectPage(page, 3, false, null);
    await page.getByRole('button', { name: 'Present' }).click();
    await expect(page.getByTestId('presentation')).toBeVisible();
    await expectPage(page, 3, true, 'dark');
    await colourScheme(page, 'light');
    await page.keyboard.press('PageUp');
    await page.keyboard.press('PageUp');
    await walk(page, true, 'light');
    // Esc leaves the lesson, and the mode stays. In real fullscreen (Firefox's here) the browser
    // takes Esc itself and leaves fullscreen, so the mode: the lesson goes on on the page, and
    // Esc there leaves it.
    const lesson = page.getByRole('region', { name: 'Lesson' });
    const presentation = page.getByTestId('presentation');
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await lesson.count()) === 0 || (await presentation.count()) === 0).toBe(true);
    if ((await presentation.count()) === 0) await page.keyboard.press('Escape');
    else await expect(presentation).toBeVisible();
    await expect(lesson).toHaveCount(0);
    expect(new URL(page.url()).searchParams.get('lesson')).toBeNull();
  });
});
