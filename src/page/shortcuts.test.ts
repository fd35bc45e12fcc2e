import { describe, expect, it } from 'vitest';
import { focusOf, keyPressOf, lessonKeyFor, shortcutFor, type Focus, type KeyPress, type PageState } from './shortcuts';

const press = (key: string, more: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  repeat: false,
  focus: 'other',
  ...more,
});
const page = (more: Partial<PageState> = {}): PageState => ({ status: 'idle', ready: true, fresh: false, ...more });

describe('presentation shortcuts', () => {
  it('Space generates when nothing of these settings has run, and plays/pauses a finished run of them', () => {
    expect(shortcutFor(press(' '), page())).toBe('generate');
    expect(shortcutFor(press(' '), page({ status: 'cancelled', fresh: true }))).toBe('generate');
    expect(shortcutFor(press(' '), page({ status: 'error', fresh: true }))).toBe('generate');
    expect(shortcutFor(press(' '), page({ status: 'done', fresh: false }))).toBe('generate'); // r changed since
    expect(shortcutFor(press(' '), page({ status: 'done', fresh: true }))).toBe('play-pause');
    expect(shortcutFor(press('Spacebar'), page({ status: 'done', fresh: true }))).toBe('play-pause');
  });

  it('Space does nothing during a run, before the models are open, held down, or on a focused button (which it presses)', () => {
    expect(shortcutFor(press(' '), page({ status: 'running' }))).toBeNull();
    expect(shortcutFor(press(' '), page({ ready: false }))).toBeNull();
    expect(shortcutFor(press(' ', { repeat: true }), page())).toBeNull();
    expect(shortcutFor(press(' ', { focus: 'button' }), page())).toBeNull();
  });

  it('arrows move r, held down too, but not while a slider has the focus (it moves itself)', () => {
    expect(shortcutFor(press('ArrowLeft'), page())).toBe('r-down');
    expect(shortcutFor(press('ArrowRight', { repeat: true }), page({ status: 'running' }))).toBe('r-up');
    expect(shortcutFor(press('ArrowRight', { focus: 'button' }), page())).toBe('r-up');
    expect(shortcutFor(press('ArrowRight', { focus: 'range' }), page())).toBeNull();
    expect(shortcutFor(press('ArrowUp'), page())).toBeNull();
  });

  it('F toggles fullscreen; Esc cancels a run in flight, else leaves', () => {
    expect(shortcutFor(press('f'), page())).toBe('fullscreen');
    expect(shortcutFor(press('F'), page({ status: 'running' }))).toBe('fullscreen');
    expect(shortcutFor(press('f', { repeat: true }), page())).toBeNull();
    expect(shortcutFor(press('Escape'), page({ status: 'running' }))).toBe('cancel');
    expect(shortcutFor(press('Escape'), page({ status: 'done' }))).toBe('exit');
    expect(shortcutFor(press('Escape'), page({ ready: false }))).toBe('exit');
    // The r strip (or another measurement) shares the models: Esc stops it, as the main Cancel does.
    expect(shortcutFor(press('Escape'), page({ status: 'done', measuring: true }))).toBe('cancel');
  });

  it('never fires in a field that takes typing, nor with Ctrl, Cmd or Alt (the browser’s: Ctrl+F finds)', () => {
    for (const key of [' ', 'ArrowRight', 'f', 'Escape']) {
      expect(shortcutFor(press(key, { focus: 'typing' }), page())).toBeNull();
      expect(shortcutFor(press(key, { ctrlKey: true }), page())).toBeNull();
      expect(shortcutFor(press(key, { metaKey: true }), page())).toBeNull();
      expect(shortcutFor(press(key, { altKey: true }), page())).toBeNull();
    }
    expect(shortcutFor(press('g'), page())).toBeNull();
  });

  it('tells fields that take typing from sliders and buttons', () => {
    expect(focusOf({ tagName: 'INPUT', type: 'text' })).toBe('typing');
    expect(focusOf({ tagName: 'INPUT', type: 'number' })).toBe('typing');
    expect(focusOf({ tagName: 'INPUT' })).toBe('typing');
    expect(focusOf({ tagName: 'SELECT' })).toBe('typing');
    expect(focusOf({ tagName: 'TEXTAREA' })).toBe('typing');
    expect(focusOf({ tagName: 'DIV', isContentEditable: true })).toBe('typing');
    expect(focusOf({ tagName: 'INPUT', type: 'range' })).toBe('range');
    expect(focusOf({ tagName: 'BUTTON' })).toBe('button');
    expect(focusOf({ tagName: 'INPUT', type: 'checkbox' })).toBe('button');
    expect(focusOf({ tagName: 'H1' })).toBe('other');
    expect(focusOf({ tagName: 'BODY' })).toBe('other');
    expect(focusOf(null)).toBe('other');
  });
});

describe('the lesson’s keys', () => {
  const key = (k: string, focus: Focus = 'other') => press(k, { focus });
  it('PageDown and PageUp turn the page everywhere but in a text field', () => {
    for (const presenting of [false, true]) {
      expect(lessonKeyFor(key('PageDown'), presenting)).toBe('next');
      expect(lessonKeyFor(key('PageUp', 'button'), presenting)).toBe('back');
      expect(lessonKeyFor(key('PageDown', 'typing'), presenting)).toBeNull();
    }
  });
  it('the arrows turn it only where they are not r’s', () => {
    expect(lessonKeyFor(key('ArrowRight'), false)).toBe('next');
    expect(lessonKeyFor(key('ArrowLeft'), false)).toBe('back');
    expect(lessonKeyFor(key('ArrowRight', 'range'), false)).toBeNull();
    expect(lessonKeyFor(key('ArrowRight'), true)).toBeNull();
  });
  it('Esc leaves on the page; presentation mode decides its own Esc', () => {
    expect(lessonKeyFor(key('Escape'), false)).toBe('leave');
    expect(lessonKeyFor(key('Escape'), true)).toBeNull();
    expect(lessonKeyFor({ ...key('PageDown'), ctrlKey: true }, false)).toBeNull();
  });
});

describe('keyPressOf', () => {
  it('takes the keys and modifiers of an event, and the focus from its target', () => {
    const e = { key: 'PageDown', ctrlKey: false, metaKey: false, altKey: true, repeat: false, target: { tagName: 'INPUT', type: 'range' } };
    expect(keyPressOf(e)).toEqual({ key: 'PageDown', ctrlKey: false, metaKey: false, altKey: true, repeat: false, focus: 'range' });
    expect(keyPressOf({ ...e, target: null }).focus).toBe('other');
  });
});
