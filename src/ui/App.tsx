// The page. The first screen is the demo a room sees: the two trajectories side by side, the
// small-model fraction, Generate, and the time saved; what runs it is one line that opens on
// request. Below: the other settings and sharing, then the rest in sections that fold and render
// (and load their code) only when opened. What is open comes from the page runtime, via the store.
import { Suspense, useDeferredValue, useState } from 'react';
import { COMPARISON_TEXT } from '../view/comparisons';
import { Controls, FractionControl, RunButtons } from './stage/Controls';
import { ErrorPanel, SectionBoundary } from './ErrorPanel';
import { Fold } from './Fold';
import { formatSeconds, formatSpeedup, speedup } from '../view/format';
import { Headline } from './stage/Headline';
import { LessonButton, LessonCard } from './lesson/LessonButton';
import { LEDE, TITLE } from '../view/pageText';
import { LoadingProgress } from './stage/LoadingProgress';
import { InsecureContextNotice, RunNotice, ShownRun, UrlNotice } from './Notices';
import { PresentButton, presentationModule } from './presentation/PresentButton';
import { runProgressText } from '../view/runStatus';
import { Replay } from './stage/Replay';
import { RuntimeLine } from './runtime/RuntimeLine';
import { useServices } from './AppContext';
import { ShareBar } from './stage/ShareBar';
import { TrajectoryPanel } from './stage/TrajectoryPanel';
import { useAppState } from './AppContext';
import { Explainer, ModelCards, OpenLocal, Research, RStrip, TradeoffSection, WhyItWorks } from './sections/lazySections';

function Progress() {
  const status = useAppState((s) => s.status);
  const stitched = useAppState((s) => s.progress.stitched?.index);
  const baseline = useAppState((s) => s.progress.baseline?.index);
  const run = useAppState((s) => s.run);
  // The comparison shown, each trajectory out of its own steps (src/view/runStatus.ts).
  const text = runProgressText(status === 'running' ? run : null, { stitched, baseline });
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
  // What is open: written by the page runtime (src/page/runtime.ts), read here.
  const open = useAppState((s) => s.open);
  const manifest = open.manifest;
  const local = open.local;
  const loaded = open.loaded;
  const backendSwitch = useAppState((s) => s.backendSwitch);
  const settingsReady = useAppState((s) => s.settingsReady);
  const status = useAppState((s) => s.status);
  const runError = useAppState((s) => s.runError);
  // A link that compares with a baseline or gives the medium model steps opens the research part, where those are set.
  const researchInLink = useAppState((s) => s.settingsReady && (s.settings.compare !== 'large-only' || s.settings.mediumSteps > 0));
  const ready = open.phase === 'ready';
  // Mounting the demo is the page's largest render. A store update renders at once, in one task;
  // as a deferred value the mount is a transition, which React renders in slices and yields between
  // (what a visitor's first taps wait on, and Lighthouse's blocking time).
  const shown = useDeferredValue(manifest !== null && settingsReady) && manifest !== null;
  // Presentation mode replaces the page (no second copy of the canvases and controls); the runtime and recorder go on.
  const [presenting, setPresenting] = useState(false);
  const lessonPage = useAppState((s) => s.lessonPage);

  const backend = backendSwitch ? 'wasm' : (loaded?.backend ?? open.probe?.backend);
  const fallbackReason = backendSwitch ?? (loaded ? loaded.fallbackReason : open.probe?.fallbackReason);
  const adapter = loaded ? loaded.adapter : open.probe?.adapter;
  const loadError = open.phase === 'failed' ? open.error : null;
  const models = `Models: ${manifest ? manifest.title : name}${loaded ? ` (${loaded.denoisers.map((d) => d.id).join(' + ')})` : ''}`;

  // Present is enabled only once the mode's code is here (PresentButton.tsx).
  const Presentation = presentationModule()?.Presentation;
  if (presenting && Presentation && manifest && settingsReady)
    return <Presentation manifest={manifest} onExit={() => setPresenting(false)} />;

  return (
    <main className="app">
      <header>
        <div className="title-row">
          <h1>{TITLE}</h1>
          {shown ? (
            <div className="title-buttons">
              <LessonButton />
              <PresentButton onPresent={() => setPresenting(true)} />
            </div>
          ) : null}
        </div>
        <p className="lede">{LEDE}</p>
        <RuntimeLine
          backend={backend}
          adapter={adapter}
          fallbackReason={fallbackReason}
          backendSwitch={backendSwitch}
          models={models}
          manifest={manifest}
          loaded={loaded}
        />
        {modelSet.ignored === 'local' && !local ? (
          <p className="notice" role="note" data-testid="local-link-notice">
            This link was made with models opened from someone’s own disk, which a link cannot carry: showing the shipped models with the
            link’s other settings. To use your own, open them below (“Your own models”).
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

      {shown ? (
        <>
          <SectionBoundary name="the demo">
            <section className="stage" aria-label="Demo">
              <div className="panels" data-lesson="panels">
                <TrajectoryPanel trajectory="stitched" manifest={manifest} />
                <TrajectoryPanel trajectory="baseline" manifest={manifest} />
              </div>
              <div className="stage-bar">
                <FractionControl />
                <RunButtons ready={ready} />
                <Headline manifest={manifest} />
              </div>
              {/* One slot of a fixed height for what changes while loading and running: nothing below it moves. */}
              <div className="status-slot">
                {open.phase === 'opening' ? <LoadingProgress manifest={manifest} roles={open.roles} /> : <Progress />}
              </div>
              <RunAnnouncement />
              <Replay />
              <ShownRun classNames={manifest.classes} />
              <RunNotice />
              <Controls manifest={manifest} ready={ready} />
              <ShareBar manifest={manifest} />
            </section>
          </SectionBoundary>
          <Fold title="How trajectory stitching works" id="explainer">
            <Explainer manifest={manifest} local={local} />
          </Fold>
          <Fold title="Why it works" id="why">
            <WhyItWorks manifest={manifest} />
          </Fold>
          <Fold title="How far can you push r?" id="strip">
            <RStrip manifest={manifest} />
          </Fold>
          <Fold title="Speed against quality" id="tradeoff">
            <TradeoffSection name={name} manifest={manifest} local={local} />
          </Fold>
          <Fold title="For researchers: baselines, three models, timing, this device" id="research" initiallyOpen={researchInLink}>
            <Research
              manifest={manifest}
              backend={backend === 'webgpu' ? 'WebGPU' : 'wasm'}
              detail={backend === 'webgpu' ? adapter : fallbackReason}
              ready={ready}
            />
          </Fold>
          <Fold title="The models" id="models">
            <ModelCards manifest={manifest} />
          </Fold>
          <Fold title="Your own models" id="own">
            <OpenLocal />
          </Fold>
          {lessonPage !== null ? (
            <Suspense fallback={null}>
              <LessonCard manifest={manifest} presenting={false} />
            </Suspense>
          ) : null}
        </>
      ) : !loadError ? (
        <p className="loading" data-testid="loading">
          Loading the model manifest…
        </p>
      ) : null}
    </main>
  );
}
