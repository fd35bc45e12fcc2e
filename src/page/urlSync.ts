// The settings and the address bar: read from the link when the manifest's defaults are known,
// then mirrored into it (history.replaceState: no new history entry per slider move), so the URL
// is always a link that reproduces the page. The page runtime (src/page/runtime.ts) calls these.
import type { Manifest } from '../models/manifest';
import { defaultSettings, parseSettings, writeSettings, type Settings } from '../view/settings';
import type { AppStore } from './store';
/** The address bar, as the page runtime sees it (a fake in unit tests). */
export interface Link {
  readonly href: string;
  replace(href: string): void;
}

export const browserLink: Link = {
  get href() {
    return location.href;
  },
  replace: (href) => history.replaceState(history.state, '', href),
};

export function shareUrl(settings: Settings, href = location.href): string {
  const url = new URL(href);
  url.search = writeSettings(url.search, settings);
  url.hash = '';
  return url.href;
}

/**
 * The link to give others (Copy link, the presentation's QR code): the settings, without
 * `autorun=0`, so whoever opens it sees the run, even when this page was opened to wait for a click.
 */
export function linkToShare(settings: Settings, href = location.href): string {
  const url = new URL(shareUrl(settings, href));
  url.searchParams.delete(WAIT_PARAM);
  return url.href;
}

const hasMedium = (m: Manifest) => m.denoisers.some((d) => d.role === 'medium');

/**
 * `autorun=0` in a link: open ready and wait for Generate. For a teacher who wants the room to see
 * the run start, and for the tests, which start their own runs. Not a setting: kept in the link as is.
 */
export const WAIT_PARAM = 'autorun';
export const waitsForClick = (href: string) => new URL(href).searchParams.get(WAIT_PARAM) === '0';

/**
 * Reads the link's settings into the store. True when the page should run them once the models are
 * open: a plain visit (the defaults) and a shared link alike, so a result is on screen before the
 * first click; a link with unusable values waits, so its notice is read before anything runs, and
 * so does one with `autorun=0`.
 */
export function settingsFromLink(store: AppStore, manifest: Manifest, link: Link): boolean {
  const parsed = parseSettings(new URL(link.href).search, defaultSettings(manifest.defaults), manifest.classes, hasMedium(manifest));
  store.getState().initSettings(parsed);
  link.replace(shareUrl(store.getState().settings, link.href));
  return parsed.problems.length === 0 && !waitsForClick(link.href);
}

/** Keeps the link in step with the settings from now on; returns the way to stop. */
export function mirrorSettings(store: AppStore, link: Link): () => void {
  return store.subscribe((s, prev) => {
    if (s.settings !== prev.settings) link.replace(shareUrl(s.settings, link.href));
  });
}

/**
 * Another model set is in use ("Open your own models", or back): the settings in the link are read
 * again against its classes, defaults and medium model, and the link says `models=local` while a
 * set from the user's disk is open (a link cannot carry the files: whoever opens it is told so).
 */
export function settingsForSet(store: AppStore, manifest: Manifest, local: boolean, link: Link): void {
  const url = new URL(link.href);
  if (local) url.searchParams.set('models', 'local');
  else if (url.searchParams.get('models') === 'local') url.searchParams.delete('models');
  link.replace(url.href);
  const parsed = parseSettings(url.search, defaultSettings(manifest.defaults), manifest.classes, hasMedium(manifest));
  store.getState().initSettings(parsed);
}
