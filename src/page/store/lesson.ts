// The lesson's place (issue 27): which of its pages is on, or none. Written by the lesson's runtime
// (src/page/lessonRun.ts) only; the lesson's card, the folds it opens and presentation mode read it.
import type { Slice } from './index';

export interface LessonSlice {
  /** The page on (1-based, as in the link's `lesson=N`), or null: no lesson. */
  lessonPage: number | null;
  setLessonPage(page: number | null): void;
  /** A sentence for the link's notice (a `lesson=` value that is no page). */
  noteUrlProblem(problem: string): void;
}

export const lessonSlice: Slice<LessonSlice> = (set) => ({
  lessonPage: null,
  setLessonPage: (lessonPage) => set({ lessonPage }),
  noteUrlProblem: (problem) => set((s) => ({ urlProblems: [...s.urlProblems, problem] })),
});
