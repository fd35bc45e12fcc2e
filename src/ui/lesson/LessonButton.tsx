// The Lesson button, in the page's header and presentation mode's bar: it starts the lesson at its
// first page (or goes back to the page on). The lesson's card and its code load when it starts.
import { lazy } from 'react';
import { useAppState, useServices } from '../AppContext';

/** The card, its own chunk with the lesson's sentences, the handout and its chart and QR code. */
export const LessonCard = lazy(() => import('./LessonCard').then((m) => ({ default: m.LessonCard })));

export function LessonButton() {
  const { lesson } = useServices();
  const page = useAppState((s) => s.lessonPage);
  return (
    <button type="button" id="lesson-start" className="lesson-start" aria-pressed={page !== null} onClick={() => lesson.goTo(page ?? 1)}>
      Lesson
    </button>
  );
}
