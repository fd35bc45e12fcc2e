// Numbers as people read them on the page.

/** How many times faster the stitched trajectory ran than the large-only one (large / stitched). */
export function speedup(stitchedMs: number, largeMs: number): number | null {
  return stitchedMs > 0 && largeMs > 0 && Number.isFinite(stitchedMs) && Number.isFinite(largeMs) ? largeMs / stitchedMs : null;
}

export function formatSpeedup(x: number | null): string {
  return x === null ? '–' : `${x.toFixed(2)}×`;
}

export function formatSeconds(ms: number | undefined): string {
  return ms === undefined ? '–' : `${(ms / 1000).toFixed(2)} s`;
}

/** 1234 -> "1.2 kB", 22142746 -> "22.1 MB" (SI units, like the browser's download bar). */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1e6) return `${(n / 1e3).toFixed(1)} kB`;
  return `${(n / 1e6).toFixed(1)} MB`;
}

/** 322512 -> "323k", 5504080 -> "5.5M". */
export function formatCount(n: number): string {
  if (n < 1e3) return String(n);
  if (n < 1e6) return `${Math.round(n / 1e3)}k`;
  return `${(n / 1e6).toFixed(1)}M`;
}

/** 618 -> "10 min 18 s". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${Math.round(seconds - 60 * m)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** One line from a manifest's `training` record; unknown fields are left out. */
export function trainingSummary(t: Record<string, unknown> | undefined): string {
  if (!t) return 'not recorded in the manifest';
  const num = (k: string) => (typeof t[k] === 'number' && Number.isFinite(t[k]) ? (t[k] as number) : undefined);
  const str = (k: string) => (typeof t[k] === 'string' && t[k] ? (t[k] as string) : undefined);
  const images = num('imagesSeen');
  const steps = num('steps');
  const batch = num('batch');
  const seconds = num('wallSeconds');
  const parts: string[] = [];
  if (images) parts.push(`${formatCount(images)} images`);
  if (steps) parts.push(`${steps.toLocaleString('en-US')} steps${batch ? ` of ${batch}` : ''}`);
  let line = parts.join(' in ');
  if (seconds) line += `${line ? ', ' : ''}${formatDuration(seconds)}`;
  if (str('hardware')) line += `${line ? ' on ' : ''}${str('hardware')}`;
  if (str('weights')) line += `${line ? '; ' : ''}${str('weights')} weights`;
  return line || 'not recorded in the manifest';
}
