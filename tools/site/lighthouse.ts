// npm run lighthouse: Lighthouse (the pinned devDependency, 12.2.3: 13 needs Node 22) on the
// BUILT page (dist/; run `npx vite build` first), served from a nested sub-path by the e2e
// tests' server, in Debian's Chromium (headless, --no-sandbox, a fresh profile per run). The
// mobile preset (Lighthouse's default: a mid-range phone, simulated throttling) and desktop,
// several runs each; the medians, the failing audits of the median run and where the time goes:
// docs/results/lighthouse.json and .md (lib/lighthouseReport.ts, lib/lighthouseMarkdown.ts). Every full result is kept
// in runs/lighthouse/ (not committed) for a closer look (open one in Lighthouse's viewer, or jq).
// Lighthouse 12.2.3's trace engine fails on Chromium 156's traces for its layout-shift, LCP-element
// and render-blocking audits (RootCauses: "reading 'frame_sequence'"); CLS itself is measured. So
// the layout shifts' sources are recorded apart, in one more visit with the page's own
// Layout Instability API (PerformanceObserver), one more visit per preset at its screen size.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CHROMIUM, CHROMIUM_ARGS } from '../../testing/browsers';
import { choiceFlag, intFlag, log, machineInfo, runMain, writeReport } from '../lib/cli';
import { gzipProxy } from './lib/lighthouseServe';
import { observeShifts } from './lib/layoutShifts';
import {
  CATEGORIES,
  PRESETS,
  diagnostics,
  failingAudits,
  medianSummary,
  representativeRun,
  summarizeRun,
  targets,
  type LhrLike,
  type LighthouseReport,
  type Preset,
  type PresetReport,
} from './lib/lighthouseReport';
import { lighthouseMarkdown } from './lib/lighthouseMarkdown';
import { parseServedFlags, revision, SERVERS, withServedBuild, type ServedOptions } from './lib/servedBuild';

const ROOT = resolve(import.meta.dirname, '../..');
const TOOL = 'lighthouse';
const FULL_RESULTS = join(ROOT, 'runs/lighthouse');

const HELP = `npm run lighthouse -- [flags]     (build first: npx vite build)
  --runs N          Lighthouse runs per preset (default 5); scores and metrics are their medians
  --presets LIST    mobile,desktop (default both): mobile is Lighthouse's default (simulated throttling)
  --models NAME     models (default: the shipped ones, the page as visitors get it) | fixtures (?models=fixtures)
  --server NAME     e2e (default): testing/serve.ts | python: python3 -m http.server
  --compress HOW    gzip (default): through a proxy that gzips text, as GitHub Pages, Netlify or nginx do |
                    none: the server's plain bodies (neither server compresses)
  --dist DIR        the build to serve (default dist)
  --out FILE.json   results; FILE.md next to it (default docs/results/lighthouse.json)
  --timeout S       seconds Lighthouse waits for the page to load, per run (default 120)`;

interface Options extends ServedOptions {
  runs: number;
  presets: Preset[];
  compress: 'gzip' | 'none';
}

function parse(argv: string[]): Options | undefined {
  const parsed = parseServedFlags(argv, TOOL, { out: 'docs/results/lighthouse.json', timeoutS: 120 }, ['runs', 'presets', 'compress']);
  if (!parsed) return undefined;
  const presets = (parsed.extra.presets ?? PRESETS.join(',')).split(',').map((p) => p.trim());
  const bad = presets.filter((p) => !PRESETS.includes(p as Preset));
  if (bad.length > 0 || presets.length === 0)
    throw new Error(`--presets ${parsed.extra.presets}: use ${PRESETS.join(', ')} (comma-separated)`);
  return {
    ...parsed.opts,
    runs: intFlag('runs', parsed.extra.runs, 5),
    presets: [...new Set(presets)] as Preset[],
    compress: choiceFlag('compress', parsed.extra.compress, 'gzip', ['gzip', 'none'] as const),
  };
}

// What chrome-launcher (Lighthouse's own launcher) turns off, so that background work of the
// browser's does not land in the page's timings; plus this project's usual flags (CHROMIUM_ARGS).
const QUIET_ARGS = [
  '--headless=new',
  '--disable-extensions',
  '--disable-default-apps',
  '--mute-audio',
  '--no-default-browser-check',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
  '--disable-background-timer-throttling',
  '--disable-ipc-flooding-protection',
  '--disable-hang-monitor',
  '--metrics-recording-only',
  '--password-store=basic',
  '--use-mock-keychain',
  '--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,InterestFeedContentSuggestions,CertificateTransparencyComponentUpdater,AutofillServerCommunication',
];

interface Browser {
  port: number;
  stop(): Promise<void>;
}

/** Chromium with a fresh profile and a DevTools port of its choosing, which Lighthouse connects to. */
async function launchChromium(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'tstitch-lighthouse-'));
  const child: ChildProcess = spawn(
    CHROMIUM,
    [...CHROMIUM_ARGS, ...QUIET_ARGS, '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true, // its own process group: stop() ends its helper processes too (the only ones in that group)
    },
  );
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  // The profile goes after the browser has exited: one still running writes into it while it is removed.
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        child.kill();
      }
    }
    await exited;
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch (e) {
      log(TOOL, `  could not remove the profile ${profile}: ${(e as Error).message}`);
    }
  };
  try {
    const port = await new Promise<number>((ok, fail) => {
      let err = '';
      const timer = setTimeout(() => fail(new Error(`Chromium printed no DevTools address in 30 s: ${err.slice(-500)}`)), 30_000);
      child.once('exit', (code) => fail(new Error(`Chromium exited with ${code}: ${err.slice(-500)}`)));
      child.stderr!.on('data', (d: Buffer) => {
        err += d.toString();
        const m = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(err);
        if (m) {
          clearTimeout(timer);
          ok(Number(m[1]));
        }
      });
    });
    return { port, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

async function lighthouseRun(url: string, preset: Preset, timeoutMs: number): Promise<LhrLike> {
  const { default: lighthouse, desktopConfig } = await import('lighthouse');
  const browser = await launchChromium();
  try {
    const result = await lighthouse(
      url,
      { port: browser.port, logLevel: 'error', output: 'json', onlyCategories: [...CATEGORIES], maxWaitForLoad: timeoutMs },
      preset === 'desktop' ? desktopConfig : undefined,
    );
    if (!result) throw new Error('Lighthouse returned no result');
    return result.lhr as unknown as LhrLike;
  } finally {
    await browser.stop();
  }
}

function chromiumVersion(): string {
  try {
    return execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return `Chromium at ${CHROMIUM} (version unknown)`;
  }
}

interface Measured {
  url: string;
  version: string;
  presets: LighthouseReport['presets'];
  observed: NonNullable<LighthouseReport['observedShifts']>;
}

/** Every preset's runs on the page at `baseURL`, then one visit per preset for its layout shifts. */
async function measure(opts: Options, baseURL: string): Promise<Measured> {
  const url = opts.models === 'fixtures' ? `${baseURL}?models=fixtures` : baseURL;
  const m: Measured = { url, version: '', presets: {}, observed: {} };
  mkdirSync(FULL_RESULTS, { recursive: true });
  for (const preset of opts.presets) {
    const lhrs: LhrLike[] = [];
    for (let i = 0; i < opts.runs; i++) {
      log(TOOL, `${preset} run ${i + 1} of ${opts.runs}: ${url}`);
      const lhr = await lighthouseRun(url, preset, opts.timeoutMs);
      writeFileSync(join(FULL_RESULTS, `${preset}-${i + 1}.json`), JSON.stringify(lhr));
      const s = summarizeRun(lhr);
      log(
        TOOL,
        `  ${CATEGORIES.map((c) => `${c} ${s.scores[c]}`).join(', ')}; TBT ${Math.round(s.metrics.TBT ?? NaN)} ms, CLS ${s.metrics.CLS?.toFixed(3)}`,
      );
      lhrs.push(lhr);
    }
    m.version = lhrs[0].lighthouseVersion;
    const runs = lhrs.map(summarizeRun);
    const representative = representativeRun(runs);
    const { formFactor, throttlingMethod, throttling, screenEmulation } = lhrs[0].configSettings;
    m.presets[preset] = {
      settings: { formFactor, throttlingMethod, throttling, screenEmulation },
      benchmarkIndex: lhrs.map((l) => l.environment?.benchmarkIndex ?? null),
      runs,
      median: medianSummary(runs),
      representative,
      failing: failingAudits(lhrs[representative]),
      diagnostics: diagnostics(lhrs[representative]),
    } satisfies PresetReport;
  }
  for (const preset of opts.presets) {
    const screen = m.presets[preset]!.settings.screenEmulation as {
      width: number;
      height: number;
      deviceScaleFactor: number;
      mobile: boolean;
    };
    log(TOOL, `layout shifts as the page sees them, at the ${preset} preset's ${screen.width}x${screen.height}`);
    m.observed[preset] = await observeShifts(url, screen);
  }
  return m;
}

async function main(): Promise<void> {
  const opts = parse(process.argv.slice(2));
  if (!opts) {
    console.log(HELP);
    return;
  }
  const machine = await machineInfo();
  const commit = revision();
  const m = await withServedBuild(opts, async (served) => {
    const proxy = opts.compress === 'gzip' ? await gzipProxy(served) : undefined;
    try {
      return await measure(opts, proxy?.baseURL ?? served);
    } finally {
      await proxy?.stop();
    }
  });
  const report: LighthouseReport = {
    tool: 'lighthouse',
    date: new Date().toISOString(),
    commit,
    command: opts.command,
    lighthouse: m.version,
    chromium: chromiumVersion(),
    url: m.url,
    server: SERVERS[opts.server],
    compression:
      opts.compress === 'gzip'
        ? 'gzip (level 6) of text responses, by a proxy in front of the server (tools/site/lib/lighthouseServe.ts)'
        : 'none',
    machine,
    presets: m.presets,
    observedShifts: m.observed,
    targets: m.presets.mobile ? targets(m.presets.mobile.median) : [],
  };
  writeReport(TOOL, ROOT, opts.out, report, lighthouseMarkdown(report));
}

runMain(TOOL, main);
