// npm run first-runs: is a visitor's FIRST Generate already a fair measurement (issue 20, "Done
// when")? Serves the build (dist/; run `npx vite build` first) at the e2e tests' sub-path, and in
// each browser (Firefox ESR over WebDriver BiDi, and Chromium without WebGPU flags: both run wasm)
// opens the page --repeats times, each in a fresh browser context (no service worker, cache or
// storage from before), with the shipped models and default settings (r = 0.4 of DDIM 50 steps,
// batch 1). Each time it takes the speed-up the page shows after the first Generate, the FLOP ideal
// the page shows beside it, then --later more Generates on the same page for the median of later
// runs. A first run passes when it is <= the FLOP ideal and within 10% of that median.
// Writes --out (JSON) and the Markdown beside it (default docs/results/first-runs.{json,md}).
import { firefox, chromium, type Browser, type Page } from '@playwright/test';
import { resolve } from 'node:path';
import { patchPlaywrightForFirefoxBidi } from '../../e2e/firefoxBidi';
import { CHROMIUM, CHROMIUM_ARGS, requireFirefox } from '../../testing/browsers';
import { SUB_PATH } from '../../testing/site';
import { intFlag, log, machineInfo, median, runMain, writeReport } from '../lib/cli';
import { parseServedFlags, revision, SERVERS, withServedBuild, type ServedOptions } from './lib/servedBuild';

const ROOT = resolve(import.meta.dirname, '../..');
const TOOL = 'first-runs';
/** A first run may differ from the later runs' median by this share and still count as settled. */
const TOLERANCE = 0.1;

const HELP = `npm run first-runs -- [flags]     (build first: npx vite build)
  --repeats N       fresh opens of the page per browser (default 5)
  --later N         Generates after the first, on the same page, for the median (default 3)
  --browsers LIST   firefox,chromium (default both; chromium runs without WebGPU flags: wasm)
  --models NAME     models (default, the shipped ones) | fixtures (?models=fixtures)
  --server NAME     e2e (default): testing/serve.ts | python: python3 -m http.server
  --dist DIR        the build to serve (default dist)
  --out FILE.json   results; FILE.md next to it (default docs/results/first-runs.json)
  --timeout S       seconds to wait for the models to open and for each run (default 600)`;

type BrowserName = 'firefox' | 'chromium';
const BROWSERS: readonly BrowserName[] = ['firefox', 'chromium'];

interface Options extends ServedOptions {
  repeats: number;
  later: number;
  browsers: BrowserName[];
}

/** One Generate as the page reports it. */
interface RunReading {
  speedup: number;
  /** The page said the measured speed-up is beyond what the FLOPs allow (not a result). */
  fault: boolean;
  /** The page timed the pair once more: its first timing came out faster than the FLOPs allow (src/worker/runtime.ts). */
  retaken: boolean;
  /** "From the models' FLOPs alone the ideal would be 1.60×", as shown beside the speed-up. */
  flopIdeal: number | null;
  stitchedS: number;
  baselineS: number;
}

interface Visit {
  first: RunReading;
  later: RunReading[];
  laterMedian: number;
  backend: string;
  /** first <= FLOP ideal */
  withinIdeal: boolean;
  /** |first - laterMedian| <= 10% of laterMedian */
  nearLater: boolean;
}

interface BrowserResult {
  browser: BrowserName;
  version: string;
  launch: string;
  visits: Visit[];
  allPass: boolean;
}

function parse(argv: string[]): Options | undefined {
  const parsed = parseServedFlags(argv, TOOL, { out: 'docs/results/first-runs.json', timeoutS: 600 }, ['repeats', 'later', 'browsers']);
  if (!parsed) return undefined;
  const browsers = (parsed.extra.browsers ?? BROWSERS.join(',')).split(',').map((b) => b.trim());
  for (const b of browsers)
    if (!BROWSERS.includes(b as BrowserName)) throw new Error(`--browsers: ${b} is not one of ${BROWSERS.join(', ')}`);
  return {
    ...parsed.opts,
    repeats: intFlag('repeats', parsed.extra.repeats, 5),
    later: intFlag('later', parsed.extra.later, 3),
    browsers: browsers as BrowserName[],
  };
}

const number = (text: string | null, re: RegExp): number | null => {
  const m = text?.match(re);
  return m ? Number(m[1]) : null;
};

async function generateOnce(page: Page, timeoutMs: number): Promise<RunReading> {
  const generate = page.getByRole('button', { name: 'Generate' });
  await generate.waitFor({ state: 'visible', timeout: timeoutMs });
  await page.waitForFunction(
    () => [...document.querySelectorAll('button')].some((b) => b.textContent?.trim() === 'Generate' && !b.disabled),
    undefined,
    { timeout: timeoutMs },
  );
  // The previous run's status is "done" too: wait for this run to start before waiting for its end.
  const status = page.getByTestId('status');
  await generate.click();
  // (A run that ends before the first poll leaves "done" in place: 15 s is then the only cost.)
  await page
    .waitForFunction(() => document.querySelector('[data-testid="status"]')?.textContent !== 'done', undefined, {
      timeout: 15_000,
      polling: 20,
    })
    .catch(() => undefined);
  await page.waitForFunction(
    () => ['done', 'error', 'failed', 'cancelled'].includes(document.querySelector('[data-testid="status"]')?.textContent ?? ''),
    undefined,
    { timeout: timeoutMs },
  );
  const final = await status.textContent();
  if (final !== 'done') throw new Error(`the run ended "${final}": ${(await page.getByRole('alert').allTextContents()).join(' | ')}`);
  const summary = page.getByRole('region', { name: 'Speed-up' });
  const text = await summary.textContent();
  const speedup = number(await summary.getByTestId('speedup').textContent(), /([\d.]+)×/);
  if (speedup === null) throw new Error(`no speed-up shown: "${text}"`);
  const fault = (await page.getByTestId('speedup-fault').count()) > 0;
  const flopIdeal = fault
    ? number(text, /more than the ([\d.]+)× the models' FLOPs/)
    : number(text, /FLOPs alone the ideal would be ([\d.]+)×/);
  const seconds = async (id: string) => number(await page.getByTestId(id).textContent(), /^([\d.]+) s$/) ?? NaN;
  const retaken = /timed once more/.test(text ?? '');
  return { speedup, fault, retaken, flopIdeal, stitchedS: await seconds('time-stitched'), baselineS: await seconds('time-baseline') };
}

async function visit(browser: Browser, url: string, opts: Options): Promise<Visit> {
  // A new context: its own profile storage, so no service worker, HTTP cache or Cache API copy from before.
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url);
    const first = await generateOnce(page, opts.timeoutMs);
    const later: RunReading[] = [];
    for (let i = 0; i < opts.later; i++) later.push(await generateOnce(page, opts.timeoutMs));
    const laterMedian = median(later.map((r) => r.speedup));
    const backend = (await page.getByTestId('backend').textContent()) ?? '';
    return {
      first,
      later,
      laterMedian,
      backend,
      withinIdeal: first.flopIdeal !== null && !first.fault && first.speedup <= first.flopIdeal,
      nearLater: Math.abs(first.speedup - laterMedian) <= TOLERANCE * laterMedian,
    };
  } finally {
    await context.close();
  }
}

async function launch(name: BrowserName): Promise<{ browser: Browser; launch: string }> {
  if (name === 'firefox') {
    const executablePath = requireFirefox();
    patchPlaywrightForFirefoxBidi();
    return {
      browser: await firefox.launch({ channel: 'moz-firefox', executablePath }),
      launch: `${executablePath} (Playwright channel moz-firefox, WebDriver BiDi)`,
    };
  }
  return {
    browser: await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }),
    launch: `${CHROMIUM} ${CHROMIUM_ARGS.join(' ')} (no WebGPU flags: wasm)`,
  };
}

const f2 = (x: number | null) => (x === null ? '–' : x.toFixed(2));

function markdown(report: {
  command: string;
  date: string;
  revision: string;
  machine: Record<string, unknown>;
  url: string;
  server: string;
  settings: string;
  results: BrowserResult[];
  allPass: boolean;
}): string {
  const lines = [
    '# First runs: is the first Generate already a measurement?',
    '',
    `Command: \`${report.command}\`  `,
    `Date: ${report.date}, revision ${report.revision}, ${report.machine.cpus} CPUs (${report.machine.cpu}), load ${Number(report.machine.loadAverage1m).toFixed(2)} at the start.  `,
    `Page: ${report.url}, served by ${report.server}; ${report.settings}; each visit in a fresh browser context.`,
    '',
    `A first run passes when its speed-up is at most the FLOP ideal the page shows and within ${TOLERANCE * 100}% of the median of the later runs on the same page.`,
    '',
  ];
  for (const r of report.results) {
    lines.push(`## ${r.browser} ${r.version}`, '', `Launched: ${r.launch}.`, '');
    lines.push(
      '| visit | backend | first run | FLOP ideal | later runs | later median | <= ideal | within 10% | pass |',
      '|---|---|---|---|---|---|---|---|---|',
    );
    r.visits.forEach((v, i) => {
      const first = `${f2(v.first.speedup)}×${v.first.fault ? ' (page: beyond the FLOPs)' : ''}${v.first.retaken ? ' (timed twice: the first timing was beyond the FLOPs)' : ''} (${v.first.stitchedS.toFixed(2)} s vs ${v.first.baselineS.toFixed(2)} s)`;
      lines.push(
        `| ${i + 1} | ${v.backend.replace(/^Backend: /, '')} | ${first} | ${f2(v.first.flopIdeal)}× | ${v.later.map((l) => `${f2(l.speedup)}×`).join(', ')} | ${f2(v.laterMedian)}× | ${v.withinIdeal ? 'yes' : 'no'} | ${v.nearLater ? 'yes' : 'no'} | ${v.withinIdeal && v.nearLater ? 'yes' : '**no**'} |`,
      );
    });
    lines.push('', `Every first run passes in ${r.browser}: **${r.allPass ? 'yes' : 'no'}**.`, '');
  }
  lines.push(`Every first run passes in every browser: **${report.allPass ? 'yes' : 'no'}**.`, '');
  return lines.join('\n');
}

runMain(TOOL, async () => {
  const opts = parse(process.argv.slice(2));
  if (!opts) {
    console.log(HELP);
    return;
  }
  const machine = await machineInfo();
  const date = new Date().toISOString();
  const query = opts.models === 'fixtures' ? '?models=fixtures' : '';
  const results = await withServedBuild(opts, async (baseURL) => {
    const out: BrowserResult[] = [];
    for (const name of opts.browsers) {
      const { browser, launch: how } = await launch(name);
      try {
        const visits: Visit[] = [];
        for (let i = 0; i < opts.repeats; i++) {
          const v = await visit(browser, `${baseURL}${query}`, opts);
          log(
            TOOL,
            `${name} visit ${i + 1}/${opts.repeats}: first ${f2(v.first.speedup)}× (ideal ${f2(v.first.flopIdeal)}×), later median ${f2(v.laterMedian)}× -> ${v.withinIdeal && v.nearLater ? 'pass' : 'FAIL'}`,
          );
          visits.push(v);
        }
        out.push({
          browser: name,
          version: browser.version(),
          launch: how,
          visits,
          allPass: visits.every((v) => v.withinIdeal && v.nearLater),
        });
      } finally {
        await browser.close();
      }
    }
    return out;
  });
  const report = {
    tool: TOOL,
    command: opts.command,
    date,
    revision: revision(),
    machine,
    server: SERVERS[opts.server],
    url: `/${SUB_PATH}/${query}`,
    settings: `${opts.models === 'fixtures' ? 'the fixture' : 'the shipped'} models with the default settings (r = 0.4 of DDIM 50 steps, batch 1: the manifest's defaults), ${opts.later} later runs per visit`,
    tolerance: TOLERANCE,
    results,
    allPass: results.every((r) => r.allPass),
  };
  writeReport(TOOL, ROOT, opts.out, report, markdown(report));
});
