// Serving a build (dist/) the way the e2e tests do, for the tools that open it in a browser
// (first-visit.ts: bytes of a first visit; cached-visit.ts: time of a cached one; first-runs.ts;
// lighthouse.ts). The server runs as a process of its own, as for the e2e tests, so that serving
// never shares the measuring process's event loop.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { requireChromium } from '../../../testing/browsers';
import { freePort } from '../../../testing/server';
import { SUB_PATH } from '../../../testing/site';
import { choiceFlag, intFlag } from '../../lib/cli';

const ROOT = resolve(import.meta.dirname, '../../..');

export type ServerName = 'e2e' | 'python';
export const SERVER_NAMES: readonly ServerName[] = ['e2e', 'python'];
export const SERVERS: Record<ServerName, string> = {
  e2e: "testing/serve.ts (the e2e tests' server: no compression, no special headers, no ETag or Last-Modified)",
  python: 'python3 -m http.server (no compression, no special headers; sends Last-Modified)',
};

/** Throws, saying what to do, unless the build and the browser are there. */
export function checkBuildAndBrowser(dist: string): void {
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`No ${join(dist, 'index.html')}: run \`npx vite build\` first`);
  requireChromium();
}

/** The build command that makes `dist` (undefined: the default dist/). */
const buildCommand = (dist: string | undefined): string => (dist ? `npx vite build --outDir ${dist} --emptyOutDir` : 'npx vite build');

/** The flags every tool that serves the build takes. */
export interface ServedOptions {
  models: 'models' | 'fixtures';
  server: ServerName;
  /** The build served, absolute. */
  dist: string;
  out: string;
  timeoutMs: number;
  /** The exact command, build included, for the report. */
  command: string;
}

/**
 * --models, --server, --dist, --out, --timeout (seconds) and --help, plus the tool's own string
 * flags (`extra`); undefined for --help.
 */
export function parseServedFlags<K extends string>(
  argv: string[],
  script: string,
  defaults: { out: string; timeoutS: number },
  extra: readonly K[],
): { opts: ServedOptions; extra: Partial<Record<K, string>> } | undefined {
  const own = Object.fromEntries(extra.map((k) => [k, { type: 'string' as const }]));
  const { values } = parseArgs({
    args: argv,
    options: {
      ...own,
      models: { type: 'string' },
      server: { type: 'string' },
      dist: { type: 'string' },
      out: { type: 'string' },
      timeout: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return undefined;
  const v = values as Record<string, string | undefined>;
  const opts: ServedOptions = {
    models: choiceFlag('models', v.models, 'models', ['models', 'fixtures'] as const),
    server: choiceFlag('server', v.server, 'e2e', SERVER_NAMES),
    dist: resolve(ROOT, v.dist ?? 'dist'),
    out: v.out ?? defaults.out,
    timeoutMs: intFlag('timeout', v.timeout, defaults.timeoutS) * 1000,
    command: `${buildCommand(v.dist)} && npm run ${script}${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`,
  };
  return { opts, extra: Object.fromEntries(extra.map((k) => [k, v[k]])) as Partial<Record<K, string>> };
}

/** Serve `dist` at /SUB_PATH/ on the port; resolves once the server listens. */
async function startServer(name: ServerName, port: number, dist: string): Promise<ChildProcess> {
  let child: ChildProcess;
  if (name === 'e2e') {
    child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'testing/serve.ts'), String(port), SUB_PATH], {
      cwd: ROOT,
      env: { ...process.env, DIST_DIR: dist },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  } else {
    // python3 -m http.server serves a directory at /: link the build in at the sub-path.
    const top = mkdtempSync(join(tmpdir(), 'tstitch-serve-'));
    mkdirSync(join(top, dirname(SUB_PATH)), { recursive: true });
    symlinkSync(dist, join(top, SUB_PATH));
    child = spawn('python3', ['-u', '-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', top], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    child.once('exit', () => rmSync(top, { recursive: true, force: true }));
  }
  await new Promise<void>((ok, fail) => {
    child.once('exit', (code) => fail(new Error(`the ${name} server exited with ${code}`)));
    child.stdout!.on('data', (d: Buffer) => {
      if (/serving/i.test(d.toString())) ok();
    });
  });
  return child;
}

export interface ServedBuild {
  /** http://127.0.0.1:PORT/SUB_PATH/ */
  baseURL: string;
  stop(): void;
}

/** `dist` served by the named server at /SUB_PATH/ on a free port. */
export async function serveBuild(name: ServerName, dist: string): Promise<ServedBuild> {
  const port = await freePort();
  const child = await startServer(name, port, dist);
  return { baseURL: `http://127.0.0.1:${port}/${SUB_PATH}/`, stop: () => void child.kill() };
}

/** Every file of the build with its size and time, to notice a rebuild during the measurement. */
export function snapshot(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const st = statSync(join(e.parentPath, e.name));
      return `${join(e.parentPath, e.name)} ${st.size} ${st.mtimeMs}`;
    })
    .sort()
    .join('\n');
}

/** The commit measured, with "-dirty" when the working tree had changes. */
export function revision(): string {
  try {
    return execFileSync('git', ['describe', '--always', '--dirty'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/**
 * Checks the build and the browser, serves `opts.dist`, runs `measure` on its address, stops the
 * server, and throws if the build changed meanwhile (another build would make the numbers mixed).
 */
export async function withServedBuild<T>(opts: ServedOptions, measure: (baseURL: string) => Promise<T>): Promise<T> {
  checkBuildAndBrowser(opts.dist);
  const before = snapshot(opts.dist);
  const served = await serveBuild(opts.server, opts.dist);
  let result: T;
  try {
    result = await measure(served.baseURL);
  } finally {
    served.stop();
  }
  if (snapshot(opts.dist) !== before) throw new Error(`${opts.dist} changed during the measurement (another build?): run it again`);
  return result;
}
