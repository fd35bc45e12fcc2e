// The lesson's card (issue 27): the page on, "3 of 8", its heading and sentences (written from the
// run on screen by src/view/lesson.ts), Back and Next, the teacher's notes and the handout. On the
// page it stands at the bottom of the window, over nothing it talks about (the page keeps room for
// it); in presentation mode it is a column beside the panels. The page's state is the lesson
// runtime's (src/page/lessonRun.ts); here: the keys on the page, focus, the outline and scrolling.
import { useEffect, useRef, useState, type RefObject } from 'react';
import { createPortal } from 'react-dom';
import type { Manifest } from '../../models/manifest';
import { lessonFacts } from '../../page/lesson';
import { keyPressOf, lessonKeyFor } from '../../page/shortcuts';
import { LESSON, type LessonOutline } from '../../view/lesson';
import { useAppState, useAppStoreApi, useRecording, useServices } from '../AppContext';
import { useEvaluation } from '../sections/useEvaluation';
import { Handout } from './Handout';
import './lesson.css';

/** The card's height, kept on the root as --lesson-card-h: the page scrolls and pads around it (lesson.css). */
function useCardHeight(card: RefObject<HTMLElement | null>, presenting: boolean): void {
  useEffect(() => {
    const el = card.current;
    if (presenting || !el || typeof ResizeObserver === 'undefined') return;
    const root = document.documentElement;
    const observer = new ResizeObserver(() => root.style.setProperty('--lesson-card-h', `${el.offsetHeight}px`));
    observer.observe(el);
    return () => {
      observer.disconnect();
      root.style.removeProperty('--lesson-card-h');
    };
  }, [card, presenting]);
}

/**
 * The outline (lesson.css draws it from the root's data-lesson-outline: no element moves), and the
 * outlined part scrolled into view: again while a section's code and data arrive and move it, until
 * the reader scrolls or types (then where they go is theirs).
 */
function useOutline(name: LessonOutline, page: number): void {
  useEffect(() => {
    const root = document.documentElement;
    root.dataset.lessonOutline = name;
    const smooth = !matchMedia('(prefers-reduced-motion: reduce)').matches;
    const show = () => {
      const el = document.querySelector<HTMLElement>(`[data-lesson~="${name}"]`);
      if (!el) return;
      const box = el.getBoundingClientRect();
      // What is visible of it: presentation mode's exhibit scrolls on its own; the page, above the card.
      const view = el.closest('.lesson-exhibit')?.getBoundingClientRect() ?? {
        top: 0,
        bottom: innerHeight - (parseFloat(getComputedStyle(root).getPropertyValue('--lesson-card-h')) || 0),
      };
      if (box.top >= view.top && box.bottom <= view.bottom) return;
      const tall = box.height > view.bottom - view.top;
      el.scrollIntoView({ block: tall ? 'start' : 'center', behavior: smooth ? 'smooth' : 'auto' });
    };
    const timers = [0, 400, 1200, 2500].map((ms) => setTimeout(show, ms));
    const stop = () => timers.forEach(clearTimeout);
    const input = ['wheel', 'touchstart', 'keydown'] as const;
    // Registered after this page's own key (the one that turned the page) has been handled.
    input.forEach((type) => addEventListener(type, stop, { passive: true }));
    return () => {
      stop();
      input.forEach((type) => removeEventListener(type, stop));
    };
  }, [name, page]);
  useEffect(() => () => void delete document.documentElement.dataset.lessonOutline, []);
}

/** Folded on the page; in presentation mode not shown until asked for (the room sees the screen). */
function Notes({ text, presenting }: { text: string; presenting: boolean }) {
  const [shown, setShown] = useState(false);
  if (!presenting)
    return (
      <details className="lesson-notes">
        <summary>Notes for the teacher</summary>
        <p>{text}</p>
      </details>
    );
  return (
    <div className="lesson-notes">
      <button type="button" aria-expanded={shown} onClick={() => setShown(!shown)}>
        {shown ? 'Hide notes' : 'Show notes'}
      </button>
      {shown ? <p>{text}</p> : null}
    </div>
  );
}

export function LessonCard({ manifest, presenting }: { manifest: Manifest; presenting: boolean }) {
  const { lesson, recorder, modelSet } = useServices();
  const store = useAppStoreApi();
  const page = useAppState((s) => s.lessonPage) ?? 1;
  const local = useAppState((s) => s.open.local);
  const evaluation = useEvaluation(modelSet.name).data ?? undefined;
  const { heading, notes, state, sentences } = LESSON[page - 1];
  // One string, so the card re-renders when a sentence changes, not at every move of the clock.
  const said = useRecording((_, s) => JSON.stringify(sentences(lessonFacts(s, recorder, manifest, local ? undefined : evaluation))));
  const card = useRef<HTMLElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useCardHeight(card, presenting);
  useOutline(state.outline, page);

  useEffect(() => headingRef.current?.focus({ preventScroll: true }), [page]);

  // Where the reader was: back there, and to the Lesson button, when the lesson ends (not when the view changes).
  useEffect(() => {
    if (presenting) return;
    const y = scrollY;
    return () => {
      if (store.getState().lessonPage !== null) return;
      scrollTo({ top: y });
      document.getElementById('lesson-start')?.focus({ preventScroll: true });
    };
  }, [presenting, store]);

  // The page's keys (presentation mode has its own listener, which asks the same lessonKeyFor).
  useEffect(() => {
    if (presenting) return;
    const onKey = (e: KeyboardEvent) => {
      const action = lessonKeyFor(keyPressOf(e), false);
      if (!action) return;
      e.preventDefault();
      lesson[action]();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [presenting, lesson]);

  const last = page === LESSON.length;
  return (
    <>
      <section ref={card} className={`lesson-card${presenting ? ' lesson-card-presenting' : ''}`} aria-label="Lesson" data-testid="lesson">
        <div className="lesson-top">
          <p className="lesson-progress" data-testid="lesson-progress">
            {page} of {LESSON.length}
          </p>
          <button type="button" className="lesson-leave" onClick={lesson.leave}>
            Leave the lesson
          </button>
        </div>
        <h2 ref={headingRef} tabIndex={-1} data-testid="lesson-heading">
          {heading}
        </h2>
        <div className="lesson-sentences" aria-live="polite" data-testid="lesson-sentences">
          {(JSON.parse(said) as string[]).map((sentence) => (
            <p key={sentence}>{sentence}</p>
          ))}
        </div>
        <div className="lesson-nav">
          <button type="button" onClick={lesson.back} disabled={page === 1}>
            ◀ Back
          </button>
          <button type="button" className="primary" onClick={last ? lesson.leave : lesson.next}>
            {last ? 'Finish' : 'Next ▶'}
          </button>
          <button type="button" onClick={() => print()}>
            Print handout
          </button>
        </div>
        <p className="lesson-keys hint">Keys: PageDown/PageUp{presenting ? '' : ' or → ←'} turn the page, Esc leaves the lesson.</p>
        <Notes text={notes} presenting={presenting} />
      </section>
      {createPortal(<Handout manifest={manifest} evaluation={local ? undefined : evaluation} />, document.body)}
    </>
  );
}
