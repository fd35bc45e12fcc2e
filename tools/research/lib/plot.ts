// A small dependency-free SVG line chart with one or two y axes, for the eval and bench reports.

export interface Series {
  name: string;
  color: string;
  /** [x, y]; points with a null or non-finite y are skipped. */
  points: [number, number | null][];
  dashed?: boolean;
  /** Points only (a scatter), no line through them. */
  noLine?: boolean;
}

export interface Axis {
  label: string;
  series: Series[];
  /** Include 0 in the range (default true). */
  zero?: boolean;
}

export interface ChartSpec {
  title: string;
  xLabel: string;
  left: Axis;
  right?: Axis;
  width?: number;
  height?: number;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** About 5 round tick values covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) {
    hi = lo + 1;
  }
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = Math.floor(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  if (ticks[ticks.length - 1] < hi) ticks.push(Number((ticks[ticks.length - 1] + step).toPrecision(12)));
  return ticks;
}

const fmt = (v: number) =>
  Math.abs(v) >= 100 || Number.isInteger(v) ? String(Math.round(v * 100) / 100) : String(Number(v.toPrecision(3)));

export function lineChart(spec: ChartSpec): string {
  const W = spec.width ?? 640,
    H = spec.height ?? 400;
  // Long names get a legend row each.
  const perRow = [...spec.left.series, ...(spec.right?.series ?? [])].some((s) => s.name.length > 28) ? 1 : 3;
  const legendRows = Math.ceil((spec.left.series.length + (spec.right?.series.length ?? 0)) / perRow);
  const m = { l: 64, r: spec.right ? 64 : 20, t: 40, b: 58 + 14 * legendRows };
  const pw = W - m.l - m.r,
    ph = H - m.t - m.b;
  const all = [...spec.left.series, ...(spec.right?.series ?? [])];
  const xsAll = all.flatMap((s) => s.points.map((p) => p[0]));
  const xTicks = niceTicks(Math.min(...xsAll), Math.max(...xsAll));
  const x0 = xTicks[0],
    x1 = xTicks[xTicks.length - 1];
  const sx = (x: number) => m.l + ((x - x0) / (x1 - x0)) * pw;

  const yScale = (axis: Axis) => {
    const ys = axis.series.flatMap((s) => s.points.map((p) => p[1]).filter((y): y is number => y !== null && Number.isFinite(y)));
    if (axis.zero ?? true) ys.push(0);
    const ticks = niceTicks(Math.min(...ys), Math.max(...ys));
    const lo = ticks[0],
      hi = ticks[ticks.length - 1];
    return { ticks, f: (y: number) => m.t + ph - ((y - lo) / (hi - lo)) * ph };
  };

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
  );
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(`<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${esc(spec.title)}</text>`);
  out.push(`<rect x="${m.l}" y="${m.t}" width="${pw}" height="${ph}" fill="none" stroke="#888"/>`);
  for (const t of xTicks) {
    out.push(`<line x1="${sx(t)}" x2="${sx(t)}" y1="${m.t + ph}" y2="${m.t + ph + 4}" stroke="#888"/>`);
    out.push(`<text x="${sx(t)}" y="${m.t + ph + 16}" text-anchor="middle">${fmt(t)}</text>`);
  }
  out.push(`<text x="${m.l + pw / 2}" y="${m.t + ph + 34}" text-anchor="middle">${esc(spec.xLabel)}</text>`);

  const drawAxis = (axis: Axis, side: 'left' | 'right') => {
    const { ticks, f } = yScale(axis);
    const ax = side === 'left' ? m.l : m.l + pw;
    const dir = side === 'left' ? -1 : 1;
    for (const t of ticks) {
      if (side === 'left') out.push(`<line x1="${m.l}" x2="${m.l + pw}" y1="${f(t)}" y2="${f(t)}" stroke="#eee"/>`);
      out.push(`<line x1="${ax}" x2="${ax + 4 * dir}" y1="${f(t)}" y2="${f(t)}" stroke="#888"/>`);
      out.push(`<text x="${ax + 7 * dir}" y="${f(t) + 4}" text-anchor="${side === 'left' ? 'end' : 'start'}">${fmt(t)}</text>`);
    }
    const lx = side === 'left' ? 16 : W - 12;
    out.push(`<text transform="translate(${lx} ${m.t + ph / 2}) rotate(-90)" text-anchor="middle">${esc(axis.label)}</text>`);
    for (const s of axis.series) {
      const pts = s.points.filter((p): p is [number, number] => p[1] !== null && Number.isFinite(p[1]));
      if (pts.length === 0) continue;
      const d = pts.map(([x, y]) => `${sx(x).toFixed(1)},${f(y).toFixed(1)}`).join(' ');
      if (!s.noLine)
        out.push(`<polyline points="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
      for (const [x, y] of pts) out.push(`<circle cx="${sx(x).toFixed(1)}" cy="${f(y).toFixed(1)}" r="3" fill="${s.color}"/>`);
    }
  };
  drawAxis(spec.left, 'left');
  if (spec.right) drawAxis(spec.right, 'right');

  const legend = [
    ...spec.left.series.map((s) => ({ s, side: spec.right ? ' (left)' : '' })),
    ...(spec.right?.series ?? []).map((s) => ({ s, side: ' (right)' })),
  ];
  legend.forEach(({ s, side }, i) => {
    const lx = m.l + (i % perRow) * (pw / perRow),
      ly = H - 4 - 14 * (legendRows - 1 - Math.floor(i / perRow)) - 6;
    if (s.noLine) out.push(`<circle cx="${lx + 10}" cy="${ly - 4}" r="3" fill="${s.color}"/>`);
    else
      out.push(
        `<line x1="${lx}" x2="${lx + 20}" y1="${ly - 4}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
      );
    out.push(`<text x="${lx + 26}" y="${ly}">${esc(s.name + side)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
