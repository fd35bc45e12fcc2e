// What every command-line entry point shares (tools/, build/, testing/serve.ts): runMain, the
// flag parsers (node:util parseArgs underneath), progress lines and report files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** "0,0.1,0.5" or "0:1:0.1" (start:stop:step, inclusive) -> sorted unique fractions in [0, 1]. */
export function parseFractions(text: string): number[] {
  let values: number[];
  const range = text.split(':');
  if (range.length === 3) {
    const [a, b, s] = range.map(Number);
    if (![a, b, s].every(Number.isFinite) || s <= 0 || b < a)
      throw new Error(`--fractions ${text}: expected start:stop:step with step > 0`);
    values = [];
    for (let i = 0; a + i * s <= b + 1e-9; i++) values.push(Number((a + i * s).toFixed(6)));
  } else {
    values = text.split(',').map((v) => Number(v.trim()));
  }
  if (values.length === 0 || values.some((v) => !(v >= 0 && v <= 1))) {
    throw new Error(`--fractions ${text}: every fraction must be a number in [0, 1] (e.g. 0,0.4,1 or 0:1:0.1)`);
  }
  return [...new Set(values)].sort((a, b) => a - b);
}

export function intFlag(name: string, v: string | undefined, fallback: number, min = 1): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}, got ${JSON.stringify(v)}`);
  return n;
}

export function numFlag(name: string, v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got ${JSON.stringify(v)}`);
  return n;
}

export function choiceFlag<T extends string>(name: string, v: string | undefined, fallback: T, choices: readonly T[]): T {
  if (v === undefined) return fallback;
  if (!choices.includes(v as T)) throw new Error(`--${name} must be one of ${choices.join(', ')}, got ${JSON.stringify(v)}`);
  return v as T;
}

/** Progress and notes go to stderr; stdout stays free for the caller. */
export function log(tool: string, msg: string): void {
  process.stderr.write(`[${tool}] ${msg}\n`);
}

/** out.json -> out.md / out.svg next to it. */
export function sibling(jsonPath: string, ext: string): string {
  return jsonPath.replace(/\.json$/i, '') + ext;
}

export function writeText(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/** What ran: machine facts that make timings comparable. */
export async function machineInfo(): Promise<Record<string, unknown>> {
  const os = await import('node:os');
  return {
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    loadAverage1m: os.loadavg()[0],
  };
}

/** `report` as `out` (JSON, relative to `root`) and `md` beside it as .md; the Markdown also to stdout. */
export function writeReport(tool: string, root: string, out: string, report: unknown, md: string): void {
  const outPath = resolve(root, out);
  writeText(outPath, `${JSON.stringify(report, null, 2)}\n`);
  writeText(sibling(outPath, '.md'), md);
  console.log(md);
  log(tool, `wrote ${out} and ${sibling(out, '.md')}`);
}

export interface RunOptions {
  /**
   * The entry point's import.meta: main runs only when node was started with that file, so a test
   * may import the module's functions without running it.
   */
  module?: ImportMeta;
  /** Print the error's stack, not only its message (the GPU kit: its runs are far away and rare). */
  stack?: boolean;
}

/** Whether `module` is the file node was started with. */
export function isMain(module: ImportMeta): boolean {
  return Boolean(process.argv[1]) && resolve(process.argv[1]) === module.filename;
}

/**
 * Every entry point's prologue: runs main; an error is one line on stderr, `[tool] message`, and
 * exit code 1 (not an unhandled rejection's stack, which reads like a bug in the tool).
 */
export function runMain(tool: string, main: () => Promise<void> | void, options: RunOptions = {}): void {
  if (options.module && !isMain(options.module)) return;
  const fail = (e: unknown) => {
    const text = e instanceof Error ? ((options.stack ? e.stack : undefined) ?? e.message) : String(e);
    process.stderr.write(`[${tool}] ${text}\n`);
    process.exit(1);
  };
  try {
    Promise.resolve(main()).catch(fail);
  } catch (e) {
    fail(e);
  }
}
