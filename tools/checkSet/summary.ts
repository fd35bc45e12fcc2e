// check-set's report: a refusal is the page's message as it is; a set that opens gets a short
// summary of what was checked, so that "it passed" says what passed.
import type { CheckOptions, Verdict } from './checkSet';

/** "12,345" */
const count = (n: number) => n.toLocaleString('en-US');

const shape = (s: { channels: number; height: number; width: number }) => `${s.channels}x${s.height}x${s.width}`;

function pad(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) =>
    r
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd(),
  );
}

/** What the set was checked as: the page's two ways in. */
export function checkedAs(options: Pick<CheckOptions, 'served' | 'manifestOnly'>): string {
  const as = options.served ? 'a served set (every sha256 required)' : 'a set opened from disk';
  return options.manifestOnly ? `${as}, its manifest only` : as;
}

/** The verdict as lines of text: a refusal is the page's message, unchanged. */
export function formatVerdict(v: Verdict, options: Pick<CheckOptions, 'served' | 'manifestOnly'>): string[] {
  if (v.verdict === 'refused') return [`${v.folder}: refused (checked as ${checkedAs(options)})`, `  ${v.message}`];
  const m = v.manifest;
  const schedule = `${m.schedule.type} schedule, T ${m.schedule.T}`;
  const lines = [
    `${v.folder}: opens (checked as ${checkedAs(options)}${v.runtime ? `; ${v.runtime}` : ''})`,
    `  "${m.title}": format ${m.format}, image ${shape(m.image)}, ${m.classes.length} classes (nullClass ${m.nullClass}), ${schedule}, ` +
      `${m.defaults.sampler} ${m.defaults.steps} steps, guidance ${m.defaults.guidance}`,
  ];
  if (v.files.length > 0) {
    const rows = v.files.map((f) => [
      f.role,
      f.id ?? (m.decoder ? `-> ${shape(m.decoder.output)}` : ''),
      f.file,
      `${count(f.bytes)} bytes`,
      `sha256 ${f.sha256.slice(0, 12)}... ${f.given ? 'matches the manifest' : 'computed (the manifest gives none)'}`,
    ]);
    lines.push(...pad(rows).map((r) => `  ${r}`));
  }
  if (v.firstRun) {
    const { images, classId, t } = v.firstRun;
    lines.push(`  first test run: each denoiser, ${images} image${images === 1 ? '' : 's'} of class ${classId} (nullClass) at t ${t}: ran`);
  }
  return lines;
}
