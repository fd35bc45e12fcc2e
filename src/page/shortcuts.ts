// Presentation mode's keyboard shortcuts: which key does what, given what the page is doing. Pure
// (no DOM, no React), so every case is a unit test; Presentation.tsx listens and acts, calling what
// the page's buttons call ('play-pause' is the replay's togglePlay, clock.ts; nothing presses a button).
import type { JobStatus } from './store';

export type Action = 'generate' | 'play-pause' | 'r-down' | 'r-up' | 'fullscreen' | 'cancel' | 'exit';

/**
 * Where the key was pressed, as far as shortcuts care: a field that takes typing or its own keys
 * (text, number, select, textarea, contenteditable) keeps every key; a range slider keeps its arrows;
 * a button keeps Space (it presses the button, as everywhere else).
 */
export type Focus = 'typing' | 'range' | 'button' | 'other';

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** Held down: arrows repeat (r moves on), the other keys act once. */
  repeat: boolean;
  focus: Focus;
}

export interface PageState {
  status: JobStatus;
  /** A measurement (the r strip, agreement, this device's speed) runs: Esc stops it like a run. */
  measuring?: boolean;
  /** The models are open (Generate can start a run now). */
  ready: boolean;
  /** The run shown was made with the current settings (false after r or anything else changed). */
  fresh: boolean;
}

/** The legend the mode shows: one entry per key, in the words of `shortcutFor`. */
export const LEGEND: readonly { keys: string; does: string }[] = [
  { keys: 'Space', does: 'Generate, or play/pause the replay' },
  { keys: '← →', does: 'r one step down/up' },
  { keys: 'F', does: 'fullscreen on/off' },
  { keys: 'Esc', does: 'cancel a run or measurement, else leave' },
];

/** The element types whose keys are their own. */
const TYPING_INPUTS = new Set([
  'text',
  'number',
  'search',
  'email',
  'url',
  'tel',
  'password',
  'date',
  'time',
  'datetime-local',
  'month',
  'week',
]);

/** What kind of element has the focus (an element-like, so it is testable without a DOM). */
export function focusOf(el: { tagName?: string; type?: string; isContentEditable?: boolean } | null): Focus {
  if (!el?.tagName) return 'other';
  const tag = el.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select' || el.isContentEditable) return 'typing';
  if (tag === 'input') {
    const type = (el.type ?? 'text').toLowerCase();
    if (type === 'range') return 'range';
    if (type === 'button' || type === 'submit' || type === 'reset' || type === 'checkbox' || type === 'radio') return 'button';
    return TYPING_INPUTS.has(type) ? 'typing' : 'other';
  }
  if (tag === 'button' || tag === 'summary') return 'button';
  return 'other';
}

/** A key event as shortcuts see it (an event-like, so it is testable without a DOM). */
export function keyPressOf(e: Omit<KeyPress, 'focus'> & { target: unknown }): KeyPress {
  const { key, ctrlKey, metaKey, altKey, repeat } = e;
  return { key, ctrlKey, metaKey, altKey, repeat, focus: focusOf(e.target as Parameters<typeof focusOf>[0]) };
}

/** The action of a key press, or null: the key is left to the browser (and not prevented). */
export function shortcutFor(press: KeyPress, page: PageState): Action | null {
  // Ctrl/Cmd/Alt combinations are the browser's (Ctrl+F finds, Alt+Left goes back).
  if (press.ctrlKey || press.metaKey || press.altKey || press.focus === 'typing') return null;
  switch (press.key) {
    case ' ':
    case 'Spacebar':
      if (press.repeat || press.focus === 'button' || page.status === 'running') return null;
      // A finished run of these very settings is replayed; anything else (nothing run yet, a
      // cancelled or failed run, or r changed since) is generated.
      if (page.status === 'done' && page.fresh) return 'play-pause';
      return page.ready ? 'generate' : null;
    case 'ArrowLeft':
    case 'ArrowRight':
      // A focused slider moves itself (r's own, or the replay's): a second step here would double it.
      if (press.focus === 'range') return null;
      return press.key === 'ArrowLeft' ? 'r-down' : 'r-up';
    case 'f':
    case 'F':
      return press.repeat ? null : 'fullscreen';
    case 'Escape':
    case 'Esc':
      if (press.repeat) return null;
      return page.status === 'running' || page.measuring ? 'cancel' : 'exit';
    default:
      return null;
  }
}

export type LessonAction = 'next' | 'back' | 'leave';

/**
 * The lesson's keys (issue 27): a presentation clicker sends PageDown/PageUp, which always turn the
 * page; the arrows do too where they are not r's (on the page, outside a slider: presentation mode
 * gives them to r); Esc leaves on the page (in presentation mode its own Esc rule decides, shortcutFor).
 */
export function lessonKeyFor(press: KeyPress, presenting: boolean): LessonAction | null {
  if (press.ctrlKey || press.metaKey || press.altKey || press.focus === 'typing') return null;
  switch (press.key) {
    case 'PageDown':
      return 'next';
    case 'PageUp':
      return 'back';
    case 'ArrowRight':
    case 'ArrowLeft':
      if (presenting || press.focus === 'range') return null;
      return press.key === 'ArrowRight' ? 'next' : 'back';
    case 'Escape':
    case 'Esc':
      return presenting || press.repeat ? null : 'leave';
    default:
      return null;
  }
}
