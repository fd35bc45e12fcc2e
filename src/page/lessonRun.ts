// The lesson's runtime (issue 27), on the page's main thread, no React: it turns the lesson's pages
// (src/view/lesson.ts) into the page's own actions. A page puts the shared clock where it speaks
// (the start, the hand-off, the end: clock.ts's setClock, as the replay's slider does), starts the
// measurement it needs once per run, and keeps `lesson=N` in the link, so a reload or the QR code
// opens the same page. Leaving puts the clock back and drops `lesson=`; the sections it opened close
// by themselves (Fold.tsx reads the page from the store). Scrolling and focus are the view's
// (src/ui/lesson/LessonCard.tsx).
import { LESSON, lessonPageFromLink, type LessonState } from '../view/lesson';
import { quoteValue } from '../view/settings';
import { clockTimes, replayDuration } from '../view/sharedClock';
import { tracksNow } from './clock';
import type { Recorder } from './recorder';
import type { AppState, AppStore } from './store';
import type { Link } from './urlSync';

/** The link's parameter: the page on, counted from 1. */
export const LESSON_PARAM = 'lesson';

export interface LessonDeps {
  store: AppStore;
  recorder: Recorder;
  /** The page runtime's measurement a page starts (and leaving stops, if it still runs). */
  measurements: { measureAgreement(): Promise<void>; cancelAgreement(): void };
  link: Link;
}

/**
 * Where a page puts the shared clock, in ms of model time: 0, the end, or the moment the stitched
 * trajectory finished the small model's last step (its first step at r = 0 is the start). Null
 * while there is no finished run to replay (the live view is left alone).
 */
export function lessonClockMs(s: AppState, recorder: Recorder, replay: LessonState['replay']): number | null {
  const tracks = s.status === 'done' && s.run ? tracksNow(recorder, s) : null;
  if (!tracks || !s.run) return null;
  if (replay === 'start') return 0;
  if (replay === 'end') return replayDuration(tracks);
  const k = s.run.plans.stitched.counts.small;
  return k > 0 ? (clockTimes(tracks.stitched)[k - 1] ?? 0) : 0;
}

export type LessonRun = ReturnType<typeof createLessonRun>;

export function createLessonRun({ store, recorder, measurements, link }: LessonDeps) {
  /** What the lesson changes, as it was before it began (restored on leaving). */
  let before: Pick<AppState, 'run' | 'clockMs' | 'clockMotion'> | null = null;
  let measuredHere = false;

  function writeLink(page: number | null): void {
    const url = new URL(link.href);
    if (page === null) url.searchParams.delete(LESSON_PARAM);
    else url.searchParams.set(LESSON_PARAM, String(page));
    if (url.href !== link.href) link.replace(url.href);
  }

  /** The page's state: the clock, and its measurement (`entering`: also one cancelled before). */
  function apply(entering: boolean): void {
    const s = store.getState();
    if (s.lessonPage === null) return;
    const { state } = LESSON[s.lessonPage - 1];
    const ms = lessonClockMs(s, recorder, state.replay);
    if (ms !== null) s.setClock(ms);
    const agreement = store.getState().agreement.status;
    if (state.measure === 'agreement' && s.status === 'done' && (agreement === 'idle' || (entering && agreement === 'cancelled'))) {
      measuredHere = true;
      void measurements.measureAgreement();
    }
  }

  function goTo(page: number): void {
    const n = Math.min(LESSON.length, Math.max(1, Math.round(page)));
    const s = store.getState();
    if (s.lessonPage === null) before = { run: s.run, clockMs: s.clockMs, clockMotion: s.clockMotion };
    s.setLessonPage(n);
    writeLink(n);
    apply(true);
  }

  function leave(): void {
    const s = store.getState();
    if (s.lessonPage === null) return;
    if (measuredHere && s.agreement.status === 'running') measurements.cancelAgreement();
    measuredHere = false;
    // The same run still shown: its clock goes back (a catch-up that was under way is at its end by now).
    if (before && before.run === s.run && s.status === 'done') s.setClock(before.clockMotion === 'catch-up' ? null : before.clockMs);
    before = null;
    s.setLessonPage(null);
    writeLink(null);
  }

  /** The link's `lesson=N`, once its settings are read: that page opens; a value that is no page is said in the link's notice. */
  function fromLink(): void {
    const raw = new URL(link.href).searchParams.get(LESSON_PARAM);
    if (raw === null) return;
    const page = lessonPageFromLink(raw.trim());
    if (page !== null) return goTo(page);
    store
      .getState()
      .noteUrlProblem(`${LESSON_PARAM}=${quoteValue(raw)} is not a page of the lesson (1 to ${LESSON.length}); the lesson is not opened.`);
    writeLink(null);
  }

  const unsubscribe = store.subscribe((s, prev) => {
    if (s.settingsReady && !prev.settingsReady) fromLink();
    // A run finished while a page is on (the one the link opened with, or a new one): the page's state again.
    if (s.lessonPage !== null && s.status === 'done' && prev.status !== 'done') apply(false);
  });

  return {
    /** Begin at `page` (1 by default), or go to it. */
    goTo,
    next: () => goTo((store.getState().lessonPage ?? 0) + 1),
    back: () => goTo((store.getState().lessonPage ?? 2) - 1),
    leave,
    fromLink,
    dispose: unsubscribe,
  };
}
