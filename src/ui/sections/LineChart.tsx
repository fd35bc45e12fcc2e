// A small SVG line chart: a few series over a shared x axis, an optional marker line and shaded
// x-range. Enough for the agreement and trade-off charts; no chart library.
import { linear, niceTicks } from '../../view/chartScale';

export interface Series {
  name: string;
  /** CSS class giving the series its colour (stroke and fill). */
  className: string;
  points: { x: number; y: number }[];
  /** Points only (a scatter), no line through them. */
  scatter?: boolean;
}

interface Props {
  label: string;
  xLabel: string;
  yLabel: string;
  xDomain: [number, number];
  yDomain: [number, number];
  series: Series[];
  /** A vertical line at this x, with a caption. */
  marker?: { x: number; label: string };
  /** A shaded x-range, with a caption. */
  band?: { from: number; to: number; label: string };
  formatX?: (v: number) => string;
  formatY?: (v: number) => string;
  testId?: string;
}

const W = 640;
const H = 300;
const M = { top: 16, right: 20, bottom: 56, left: 72 };

export function LineChart(p: Props) {
  const x = linear(p.xDomain, [M.left, W - M.right]);
  const y = linear(p.yDomain, [H - M.bottom, M.top]);
  const fx = p.formatX ?? String;
  const fy = p.formatY ?? String;
  const xTicks = niceTicks(p.xDomain[0], p.xDomain[1], 6);
  const yTicks = niceTicks(p.yDomain[0], p.yDomain[1], 5);
  const clampX = (v: number) => Math.min(W - M.right, Math.max(M.left, x(v)));

  return (
    <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={p.label} data-testid={p.testId}>
      {p.band && p.band.to > p.band.from ? (
        <g className="chart-band">
          <rect x={clampX(p.band.from)} y={M.top} width={clampX(p.band.to) - clampX(p.band.from)} height={H - M.top - M.bottom} />
          <text x={clampX(p.band.from) + 6} y={M.top + 18}>
            {p.band.label}
          </text>
        </g>
      ) : null}
      <g className="chart-grid">
        {yTicks.map((v) => (
          <g key={v}>
            <line x1={M.left} x2={W - M.right} y1={y(v)} y2={y(v)} />
            <text x={M.left - 8} y={y(v)} dy="0.35em" textAnchor="end">
              {fy(v)}
            </text>
          </g>
        ))}
        {xTicks.map((v) => (
          <text key={v} x={x(v)} y={H - M.bottom + 22} textAnchor="middle">
            {fx(v)}
          </text>
        ))}
      </g>
      <text className="chart-axis-label" x={(M.left + W - M.right) / 2} y={H - 8} textAnchor="middle">
        {p.xLabel}
      </text>
      <text className="chart-axis-label" transform={`translate(18 ${(M.top + H - M.bottom) / 2}) rotate(-90)`} textAnchor="middle">
        {p.yLabel}
      </text>
      {p.series.map((s) => (
        <g key={s.name} className={`chart-series ${s.className}`}>
          {s.scatter ? null : <polyline points={s.points.map((pt) => `${x(pt.x)},${y(pt.y)}`).join(' ')} />}
          {s.points.length <= 80 ? s.points.map((pt, i) => <circle key={i} cx={x(pt.x)} cy={y(pt.y)} r={s.scatter ? 3 : 4} />) : null}
        </g>
      ))}
      {p.marker ? (
        <g className="chart-marker">
          <line x1={clampX(p.marker.x)} x2={clampX(p.marker.x)} y1={M.top} y2={H - M.bottom} />
          <text
            x={clampX(p.marker.x)}
            y={M.top + 14}
            dx={clampX(p.marker.x) > W - 160 ? -6 : 6}
            textAnchor={clampX(p.marker.x) > W - 160 ? 'end' : 'start'}
          >
            {p.marker.label}
          </text>
        </g>
      ) : null}
    </svg>
  );
}

/** Colour key for a chart's series. */
export function Legend({ series }: { series: Pick<Series, 'name' | 'className'>[] }) {
  return (
    <p className="legend">
      {series.map((s) => (
        <span key={s.name} className="legend-item">
          <span className={`legend-swatch ${s.className}`} aria-hidden="true" /> {s.name}
        </span>
      ))}
    </p>
  );
}
