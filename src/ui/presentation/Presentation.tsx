// Presentation mode, for a projector: fullscreen, the two trajectories, r, Generate/Cancel, the
// replay, the speed-up and the time saved, sized to the screen, with keyboard shortcuts and a QR
// code of the page's link so students open the same settings. App.tsx renders it instead of the
// page (no second copy of the canvases or controls); the page runtime, recorder and store go on.
import { Suspense, useEffect, useRef, type RefObject } from 'react';
import type { Manifest } from '../../models/manifest';
import { FractionControl } from '../stage/Controls';
import { Headline } from '../stage/Headline';
import { Replay } from '../stage/Replay';
import { useServices } from '../AppContext';
import { sameSettings } from '../../view/settings';
import { TrajectoryPanel } from '../stage/TrajectoryPanel';
import { LinkQr } from './LinkQr';
import { leaveMode, requestFullscreen, ROOT_ID } from '../../page/fullscreen';
import { keyPressOf, lessonKeyFor, LEGEND, shortcutFor, type Action } from '../../page/shortcuts';
import { lessonSection } from '../../view/lesson';
import { LessonButton, LessonCard } from '../lesson/LessonButton';
import { LessonSectionBody } from '../sections/lazySections';
import { measuring } from '../../page/store';
import { togglePlay } from '../../page/clock';
import './presentation.css';
import { useAppState, useAppStoreApi } from '../AppContext';

/**
 * Both trajectories' images the same size: each panel's image area takes the height its panel has
 * left (CSS), which differs (the stitched panel has the hand-off lines); the smaller of the two is
 * set as --images-h on the panels, and presentation.css sizes every image from it.
 */
function useEqualImages(panelsRef: RefObject<HTMLDivElement | null>): void {
  useEffect(() => {
    const panels = panelsRef.current;
    if (!panels || typeof ResizeObserver === 'undefined') return;
    const measure = () => {
      const areas = [...panels.querySelectorAll<HTMLElement>('.panel-images')];
      if (areas.length === 0) return;
      const h = Math.min(...areas.map((a) => a.clientHeight));
      panels.style.setProperty('--images-h', `${h}px`);
    };
    // The areas are sized by the layout, not by the images in them (container-type: size), so
    // setting the images' size never feeds back into what is measured here.
    const observer = new ResizeObserver(measure);
    for (const a of panels.querySelectorAll('.panel-images')) observer.observe(a);
    measure();
    return () => observer.disconnect();
  }, [panelsRef]);
}

function Legend({ fullscreenAvailable }: { fullscreenAvailable: boolean }) {
  return (
    <div className="presentation-legend">
      <h2 className="sr-only">Keyboard shortcuts</h2>
      <dl>
        {LEGEND.map(({ keys, does }) => (
          <div key={keys}>
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{does}</dd>
          </div>
        ))}
      </dl>
      {fullscreenAvailable ? null : (
        <p data-testid="presentation-no-fullscreen">No fullscreen in this browser: the mode fills the window.</p>
      )}
    </div>
  );
}

/** What stops a run, said in the mode (the page's error panels are not shown while presenting). */
function Trouble() {
  const loadError = useAppState((s) => (s.open.phase === 'failed' ? s.open.error : null));
  const runError = useAppState((s) => (s.status === 'error' ? s.runError : null));
  const opening = useAppState((s) => s.open.phase !== 'ready' && s.open.phase !== 'failed');
  const message = loadError ? `The models could not be loaded: ${loadError}` : runError ? `Generation failed: ${runError}` : null;
  if (message)
    return (
      <p className="presentation-trouble" role="alert">
        {message} Leave presentation mode (Esc) to retry.
      </p>
    );
  return opening ? <p className="presentation-opening">Opening the models…</p> : null;
}

/** A lesson page's section, shown in the panels' place (the page would open its fold; lesson.css). */
function Exhibit({ manifest }: { manifest: Manifest }) {
  const { modelSet } = useServices();
  const section = useAppState((s) => lessonSection(s.lessonPage));
  const local = useAppState((s) => s.open.local);
  if (!section) return null;
  return (
    <div className="lesson-exhibit" data-testid="lesson-exhibit" data-section={section}>
      <Suspense fallback={<p className="hint">Loading this part of the page…</p>}>
        <LessonSectionBody section={section} name={modelSet.name} manifest={manifest} local={local} />
      </Suspense>
    </div>
  );
}

export function Presentation({ manifest, onExit }: { manifest: Manifest; onExit(): void }) {
  const { runtime, recorder, lesson } = useServices();
  const lessonOn = useAppState((s) => s.lessonPage !== null);
  const store = useAppStoreApi();
  const ready = useAppState((s) => s.open.phase === 'ready');
  const running = useAppState((s) => s.status === 'running');
  const stoppable = useAppState((s) => s.status === 'running' || measuring(s));
  const rootRef = useRef<HTMLElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const panelsRef = useRef<HTMLDivElement>(null);
  useEqualImages(panelsRef);
  // Leaving fullscreen with F keeps the mode; leaving it any other way (the browser's Esc) leaves the mode too.
  const togglingOff = useRef(false);
  // App passes a new onExit at each of its renders (a run's every step): the listeners below stay
  // put and call the latest, so fullscreen is not left and entered again as the page re-renders.
  const onExitRef = useRef(onExit);
  useEffect(() => {
    onExitRef.current = onExit;
  }, [onExit]);
  const fullscreenAvailable = document.fullscreenEnabled === true;

  useEffect(() => {
    // A lesson on moves the focus to its page's heading instead (LessonCard.tsx).
    if (store.getState().lessonPage === null) headingRef.current?.focus();
  }, [store]);

  useEffect(() => {
    const leave = () => leaveMode(onExitRef.current);
    const toggleFullscreen = () => {
      if (document.fullscreenElement) {
        togglingOff.current = true;
        document.exitFullscreen().catch(() => {
          togglingOff.current = false;
        });
      } else requestFullscreen(rootRef.current);
    };
    const act: Record<Action, () => void> = {
      generate: runtime.generate,
      cancel: runtime.cancel,
      'play-pause': () => togglePlay(store, recorder), // what the replay's Play/Pause button does
      'r-down': () => store.getState().update({ smallSteps: store.getState().settings.smallSteps - 1 }),
      'r-up': () => store.getState().update({ smallSteps: store.getState().settings.smallSteps + 1 }),
      fullscreen: toggleFullscreen,
      exit: leave,
    };
    const onKey = (e: KeyboardEvent) => {
      const s = store.getState();
      const press = keyPressOf(e);
      // A clicker's PageDown/PageUp turn the lesson's pages (PageDown starts it); the arrows stay r's.
      const turn = lessonKeyFor(press, true);
      if (turn === 'next' || (turn === 'back' && s.lessonPage !== null)) {
        e.preventDefault();
        return turn === 'next' ? lesson.next() : lesson.back();
      }
      const page = {
        status: s.status,
        measuring: measuring(s),
        ready: s.open.phase === 'ready',
        fresh: s.run !== null && sameSettings(s.run.settings, s.settings),
      };
      const action = shortcutFor(press, page);
      if (!action) return;
      e.preventDefault(); // Space and the arrows would scroll
      // Esc leaves the lesson first, then the mode.
      if (action === 'exit' && s.lessonPage !== null) lesson.leave();
      else act[action]();
    };
    const onFullscreenChange = () => {
      if (document.fullscreenElement) return;
      if (togglingOff.current) togglingOff.current = false;
      else leave();
    };
    window.addEventListener('keydown', onKey);
    document.addEventListener('fullscreenchange', onFullscreenChange);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('fullscreenchange', onFullscreenChange);
      // Left by the Exit button or Esc outside fullscreen: fullscreen goes with the mode.
      if (document.fullscreenElement) document.exitFullscreen().catch(() => undefined);
    };
  }, [runtime, recorder, store, lesson]);

  return (
    <main id={ROOT_ID} ref={rootRef} className="presentation" aria-labelledby="presentation-title" data-testid="presentation">
      <h1 id="presentation-title" ref={headingRef} tabIndex={-1} className="sr-only">
        T-Stitch presentation: {manifest.title}
      </h1>
      <div className="presentation-bar">
        <FractionControl />
        <div className="presentation-buttons">
          <button type="button" className="primary" disabled={!ready || running} onClick={runtime.generate}>
            Generate
          </button>
          <button type="button" disabled={!stoppable} onClick={runtime.cancel}>
            Cancel
          </button>
        </div>
        <LessonButton />
        <button type="button" className="presentation-exit" onClick={() => leaveMode(onExit)}>
          Exit
        </button>
      </div>
      <div className="presentation-body">
        <div className="presentation-main">
          <Trouble />
          <div className="presentation-stage">
            <div className="panels" ref={panelsRef} data-lesson="panels">
              <TrajectoryPanel trajectory="stitched" manifest={manifest} />
              <TrajectoryPanel trajectory="baseline" manifest={manifest} />
            </div>
            <Exhibit manifest={manifest} />
          </div>
          <div className="presentation-foot">
            <div className="presentation-result">
              <Replay />
              <Headline manifest={manifest} />
            </div>
            <div className="presentation-side">
              <LinkQr />
              {lessonOn ? null : <Legend fullscreenAvailable={fullscreenAvailable} />}
            </div>
          </div>
        </div>
        {/* The lesson's card: a column the screen's height, beside the panels and the result. */}
        {lessonOn ? (
          <Suspense fallback={null}>
            <LessonCard manifest={manifest} presenting />
          </Suspense>
        ) : null}
      </div>
    </main>
  );
}
