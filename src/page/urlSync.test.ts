import { describe, expect, it } from 'vitest';
import { parseManifest } from '../models/readManifest';
import { sampleManifest } from '../models/testManifest';
import { createAppStore } from './store';
import { linkToShare, settingsFromLink, type Link } from './urlSync';

const manifest = parseManifest(sampleManifest());

function link(href: string): Link & { now: string } {
  const l = {
    now: href,
    get href() {
      return l.now;
    },
    replace: (h: string) => void (l.now = h),
  };
  return l;
}

describe('settingsFromLink: whether a visit runs once the models are open', () => {
  it('a plain visit runs the defaults, so a result is there before the first click', () => {
    const store = createAppStore();
    expect(settingsFromLink(store, manifest, link('https://host/demo/'))).toBe(true);
    expect(store.getState().settings.steps).toBe(manifest.defaults.steps);
  });

  it('a shared link runs its settings', () => {
    const store = createAppStore();
    expect(settingsFromLink(store, manifest, link('https://host/demo/?steps=8&r=0.5'))).toBe(true);
    expect(store.getState().settings).toMatchObject({ steps: 8, smallSteps: 4 });
  });

  it('a link with an unusable value waits, so its notice is read first', () => {
    expect(settingsFromLink(createAppStore(), manifest, link('https://host/demo/?steps=banana'))).toBe(false);
  });

  it('autorun=0 opens ready and waits for Generate, and stays in the link', () => {
    const l = link('https://host/demo/?autorun=0&steps=8');
    expect(settingsFromLink(createAppStore(), manifest, l)).toBe(false);
    expect(new URL(l.href).searchParams.get('autorun')).toBe('0');
    expect(settingsFromLink(createAppStore(), manifest, link('https://host/demo/?autorun=1'))).toBe(true);
  });
});

describe('linkToShare', () => {
  it('carries the settings and the other parameters, but not autorun=0: whoever opens it sees the run', () => {
    const store = createAppStore();
    settingsFromLink(store, manifest, link('https://host/demo/?models=fixtures&autorun=0&steps=8'));
    const shared = new URL(linkToShare(store.getState().settings, 'https://host/demo/?models=fixtures&autorun=0&steps=8#x'));
    expect(shared.searchParams.get('autorun')).toBeNull();
    expect(shared.searchParams.get('models')).toBe('fixtures');
    expect(shared.searchParams.get('steps')).toBe('8');
    expect(shared.hash).toBe('');
  });
});
