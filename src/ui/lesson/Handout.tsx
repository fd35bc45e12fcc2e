// The lesson's handout (issue 27): one printed page of the run on screen, for the students to keep:
// its images (the same comparison image "Save image" writes), r, the times and the speed-up, the
// measured quality curve and the QR code of the link. Hidden on screen; the print stylesheet
// (lesson.css) prints it alone while the lesson is on.
import { useEffect, useState } from 'react';
import type { Evaluation } from '../../models/evaluation';
import type { Manifest } from '../../models/manifest';
import { comparisonPng } from '../../page/exportPng';
import type { RunInfo } from '../../page/store';
import { linkToShare } from '../../page/urlSync';
import { COMPARISON_TEXT } from '../../view/comparisons';
import { mainFamily } from '../../view/findings';
import { formatSeconds, formatSpeedup, speedup } from '../../view/format';
import { fractionOf } from '../../view/settings';
import { useAppState, useServices } from '../AppContext';
import { LinkQr } from '../presentation/LinkQr';
import { LineChart } from '../sections/LineChart';

/** The comparison image of the finished run, as an object URL (null while there is none). */
function useRunImage(manifest: Manifest): string | null {
  const { recorder } = useServices();
  const run = useAppState((s) => (s.status === 'done' ? s.run : null));
  const timings = useAppState((s) => s.timings);
  const [made, setMade] = useState<{ run: RunInfo; url: string } | null>(null);
  useEffect(() => {
    if (!run) return;
    let live = true;
    let url: string | null = null;
    comparisonPng(manifest, recorder, run, null, timings).then(
      (blob) => {
        url = URL.createObjectURL(blob);
        if (live) setMade({ run, url });
      },
      () => undefined, // no image on the handout; its numbers still print
    );
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [manifest, recorder, run, timings]);
  return made && made.run === run ? made.url : null;
}

function QualityCurve({ evaluation, manifest, r }: { evaluation: Evaluation; manifest: Manifest; r: number }) {
  const main = mainFamily(evaluation, manifest.defaults);
  const points = (main?.rows ?? [])
    .filter((row) => row.fid !== null)
    .map((row) => ({ x: row.plan.fractions.small, y: row.fid! }))
    .sort((a, b) => a.x - b.x);
  if (points.length < 2) return null;
  const ys = points.map((p) => p.y);
  return (
    <figure className="handout-curve">
      <LineChart
        label="Measured FID against r, small model first"
        xLabel="small-model fraction r"
        yLabel="FID (lower is better)"
        xDomain={[0, 1]}
        yDomain={[Math.floor(Math.min(...ys)), Math.ceil(Math.max(...ys))]}
        series={[{ name: 'T-Stitch', className: 'series-fid', points }]}
        marker={{ x: r, label: `this run: r = ${r.toFixed(2)}` }}
        formatX={(v) => v.toFixed(1)}
        formatY={(v) => v.toFixed(0)}
      />
      <figcaption>Image quality measured on {main!.samples} images per point (the evaluation file shipped with these models).</figcaption>
    </figure>
  );
}

export function Handout({ manifest, evaluation }: { manifest: Manifest; evaluation?: Evaluation }) {
  const run = useAppState((s) => s.run);
  const settings = useAppState((s) => s.settings);
  const done = useAppState((s) => s.status === 'done');
  const stitched = useAppState((s) => s.timings.stitched);
  const other = useAppState((s) => s.timings.baseline);
  const image = useRunImage(manifest);
  if (!run) return null;
  const r = fractionOf(run.settings);
  const { steps, smallSteps, seed, sampler, guidance, compare } = run.settings;
  const x = done && stitched !== undefined && other !== undefined ? speedup(stitched, other) : null;
  return (
    <article className="handout" data-testid="handout">
      <h1>Trajectory stitching (T-Stitch): {manifest.title}</h1>
      <p data-testid="handout-run">
        r = {r.toFixed(2)}: the small model ran the first {smallSteps} of {steps} steps, the large model the rest. Seed {seed},{' '}
        {sampler.toUpperCase()}, guidance {guidance}.
      </p>
      <p data-testid="handout-speed">
        {x === null
          ? 'The run was not finished when this was printed.'
          : `Stitched took ${formatSeconds(stitched)}, ${COMPARISON_TEXT[compare].name} ${formatSeconds(other)}: ${formatSpeedup(x)} ${x < 1 ? 'as fast' : 'faster'}.`}
      </p>
      {image ? <img className="handout-image" src={image} alt="The two trajectories’ final images" /> : null}
      {evaluation ? <QualityCurve evaluation={evaluation} manifest={manifest} r={r} /> : null}
      <div className="handout-link">
        <LinkQr />
        <p>{linkToShare(settings)}</p>
      </div>
    </article>
  );
}
