// The page: explanation, settings, the two trajectories side by side with replay, why it works,
// the measured trade-off, and the models. What is open comes from the page runtime, via the store.
import { COMPARISON_TEXT } from './comparisons';
import { Controls } from './Controls';
import { DeviceBench } from './DeviceBench';
import { ErrorPanel, SectionBoundary } from './ErrorPanel';
import { formatSeconds, formatSpeedup, speedup } from './format';
import { Explainer } from './Explainer';
import { LoadingProgress } from './LoadingProgress';
import { ModelCards } from './ModelCards';
import { OpenLocal } from './OpenLocal';
import { InsecureContextNotice, RunNotice, ShownRun, UrlNotice } from './Notices';
import { Isolation } from './Isolation';
import { Replay } from './Replay';
import { RunSummary } from './RunSummary';
import { useServices } from './services';
import { ShareBar } from './ShareBar';
import { useAppState } from './store';
import { Tradeoff } from './Tradeoff';
import { TrajectoryPanel } from './TrajectoryPanel';
import { WhyItWorks } from './WhyItWorks';
import { Headline } from './Headline';
import { Presentation, PresentButton } from './presentation/Presentation';
import { useState } from 'react';
import { Fold } from './Fold';
import { RStrip } from './RStrip';

const FALLBACK_NOTICE = 'WebGPU is not available in this browser; running on the CPU (wasm), which is slower.';
const GPU_LOST_NOTICE =
  'WebGPU stopped working, so the models moved to the CPU (wasm), which is slower. A run in progress starts again there, from the same noise.';

function Progress() {
  const status = useAppState((s) => s.status);
  const stitched = useAppState((s) => s.progress.stitched?.index);
  const large = useAppState((s) => s.progress.baseline?.index);
  const steps = useAppState((s) => s.run?.settings.steps);
  const at = (index: number | undefined) => (index === undefined ? 'starting' : `step ${index + 1} of ${steps}`);
  const text =
    status !== 'running' || steps === undefined
      ? ''
      : stitched === undefined && large === undefined
        ? 'preparing the models (a first run at a new batch size warms them up)…'
        : `stitched: ${at(stitched)} · large-only: ${at(large)}`;
  // Not a live region: it changes at every step. RunAnnouncement says the start and the end.
  return (
    <p className="status">
      Status: <output data-testid="status">{status}</output> <span className="status-detail">{text}</span>
    </p>
  );
}

/** What a screen reader hears of a run: that it started, and how it ended (with the speed-up). */
function RunAnnouncement() {
  const status = useAppState((s) => s.status);
  const stitched = useAppState((s) => s.timings.stitched);
  const baseline = useAppState((s) => s.timings.baseline);
  const compare = useAppState((s) => s.run?.settings.compare);
  const x = stitched !== undefined && baseline !== undefined ? speedup(stitched, baseline) : null;
  const text =
    status === 'running'
      ? 'Generating both trajectories.'
      : status === 'done' && compare
        ? `Finished: stitched took ${formatSeconds(stitched ?? NaN)}, ${COMPARISON_TEXT[compare].name} ${formatSeconds(baseline ?? NaN)}; stitched is ${formatSpeedup(x)} ${x !== null && x < 1 ? 'as fast' : 'faster'}.`
        : status === 'cancelled'
          ? 'Run cancelled.'
          : status === 'error'
            ? 'Generation failed; the message is on the page.'
            : '';
  return (
    <p className="sr-only" role="status" data-testid="run-announcement">
      {text}
    </p>
  );
}

export function App() {
  const { runtime, modelSet } = useServices();
  const name = modelSet.name;
  // What is open: written by the page runtime (pageRuntime.ts), read here.
  const open = useAppState((s) => s.open);
  const manifest = open.manifest;
  const local = open.local;
  const loaded = open.loaded;
  const backendSwitch = useAppState((s) => s.backendSwitch);
  const settingsReady = useAppState((s) => s.settingsReady);
  const status = useAppState((s) => s.status);
  const runError = useAppState((s) => s.runError);
  const ready = open.phase === 'ready';
  // Presentation mode replaces the page (no second copy of the canvases and controls); the runtime and recorder go on.
  const [presenting, setPresenting] = useState(false);

  const backend = backendSwitch ? 'wasm' : (loaded?.backend ?? open.probe?.backend);
  const fallbackReason = backendSwitch ?? (loaded ? loaded.fallbackReason : open.probe?.fallbackReason);
  const adapter = loaded ? loaded.adapter : open.probe?.adapter;
  const loadError = open.phase === 'failed' ? open.error : null;

  if (presenting && manifest && settingsReady) return <Presentation manifest={manifest} onExit={() => setPresenting(false)} />;

  return (
    <main className="app">
      <header>
        <h1>T-Stitch: small model first, large model last</h1>
        {manifest && settingsReady ? <PresentButton onPresent={() => setPresenting(true)} /> : null}
        <p className="lede">
          Two ways to turn the same noise into an image: the left one starts with a small, fast model and hands over to a
          large one; the right one uses the large model all the way.
        </p>
        <p className="meta">
          <span data-testid="backend">Backend: {backend === 'webgpu' ? 'WebGPU' : backend === 'wasm' ? 'wasm' : 'detecting…'}</span>
          {backend === 'webgpu' && adapter ? <span data-testid="adapter"> · adapter: {adapter}</span> : null}
          {' · '}
          <span data-testid="models">
            Models: {manifest ? manifest.title : name}
            {loaded ? ` (${loaded.denoisers.map((d) => d.id).join(' + ')})` : ''}
          </span>
        </p>
        <Isolation loaded={loaded ?? undefined} />
        {backend === 'wasm' ? (
          <p className="notice" role="note" data-testid="fallback-notice">
            {backendSwitch ? GPU_LOST_NOTICE : FALLBACK_NOTICE}{' '}
            <span className="notice-reason">Reason: {fallbackReason ?? 'unknown'}</span>
          </p>
        ) : null}
        {modelSet.ignored === 'local' && !local ? (
          <p className="notice" role="note" data-testid="local-link-notice">
            This link was made with models opened from someone’s own disk, which a link cannot carry: showing the shipped
            models with the link’s other settings. To use your own, open them below (“Your own models”).
          </p>
        ) : modelSet.ignored !== undefined ? (
          <p className="notice" role="note">
            Unknown model set “{modelSet.ignored}”; showing the shipped models.
          </p>
        ) : null}
        <InsecureContextNotice />
        <UrlNotice />
      </header>

      {loadError ? <ErrorPanel title="The models could not be loaded." message={loadError} onRetry={runtime.retry} /> : null}
      {status === 'error' && runError ? <ErrorPanel title="Generation failed." message={runError} onRetry={runtime.retry} /> : null}

      {manifest && settingsReady ? (
        <>
          <SectionBoundary name="the demo">
          <section className="stage" aria-label="Demo">
            <Controls manifest={manifest} ready={ready} />
            {open.phase === 'opening' ? <LoadingProgress manifest={manifest} roles={open.roles} /> : null}
            <Progress />
            <RunAnnouncement />
            <ShownRun classNames={manifest.classes} />
            <RunNotice />
            <div className="panels">
              <TrajectoryPanel trajectory="stitched" manifest={manifest} />
              <TrajectoryPanel trajectory="baseline" manifest={manifest} />
            </div>
            <Replay />
            <Headline manifest={manifest} />
            <RunSummary manifest={manifest} />
            <DeviceBench
              manifest={manifest}
              backend={backend === 'webgpu' ? 'WebGPU' : 'wasm'}
              detail={backend === 'webgpu' ? adapter : fallbackReason}
              ready={ready}
            />
            <ShareBar manifest={manifest} />
          </section>
          </SectionBoundary>
          <Fold title="How far can you push r?" id="strip">
            <RStrip manifest={manifest} />
          </Fold>
          <SectionBoundary name="the explanation">
            <Explainer manifest={manifest} local={local} />
          </SectionBoundary>
          <SectionBoundary name="“Why it works”">
            <WhyItWorks manifest={manifest} />
          </SectionBoundary>
          <SectionBoundary name="the measured trade-off">
          {local ? (
            <section className="tradeoff" aria-label="Measured trade-off">
              <h2>Measured trade-off</h2>
              <p data-testid="tradeoff-local">
                The measured quality and cost curves are for the shipped models. For your own set, the page measures speed
                (“Measure this device”); quality needs a classifier and reference statistics for your data (the
                evaluation tool, <code>npm run eval</code>, shows how for the shipped set).
              </p>
            </section>
          ) : (
            <Tradeoff name={name} manifest={manifest} />
          )}
          </SectionBoundary>
          <SectionBoundary name="the model cards">
            <ModelCards manifest={manifest} loaded={loaded?.denoisers ?? []} />
          </SectionBoundary>
          <SectionBoundary name="“Your own models”">
            <OpenLocal />
          </SectionBoundary>
        </>
      ) : !loadError ? (
        <p className="loading" data-testid="loading">
          Loading the model manifest…
        </p>
      ) : null}
    </main>
  );
}
