// The settings and the address bar: read once from the link when the manifest's defaults are
// known, then mirrored into it (history.replaceState: no new history entry per slider move), so
// the URL is always a link that reproduces the page.
import type { Manifest } from '../models/manifest';
import { defaultSettings, parseSettings, writeSettings, type Settings } from './settings';
import type { AppStore } from './store';

export function shareUrl(settings: Settings, href = location.href): string {
  const url = new URL(href);
  url.search = writeSettings(url.search, settings);
  url.hash = '';
  return url.href;
}

/**
 * Reads the link's settings into the store (once: later calls do nothing) and starts keeping the
 * URL in step. True when the link should run at once: it holds settings and all of them are
 * usable; a link with unusable values waits, so its notice is read before anything runs.
 */
export function settingsFromLink(store: AppStore, manifest: Manifest, hasMedium: boolean): boolean {
  if (store.getState().settingsReady) return false;
  const parsed = parseSettings(location.search, defaultSettings(manifest.defaults), manifest.classes, hasMedium);
  store.getState().initSettings(parsed);
  const write = (settings: Settings) => history.replaceState(history.state, '', shareUrl(settings));
  write(store.getState().settings);
  store.subscribe((s, prev) => {
    if (s.settings !== prev.settings) write(s.settings);
  });
  return parsed.fromUrl && parsed.problems.length === 0;
}

/**
 * Another model set is in use ("Open your own models", or back): the settings in the link are read
 * again against its classes, defaults and medium model, and the link says `models=local` while a
 * set from the user's disk is open (a link cannot carry the files: whoever opens it is told so).
 */
export function settingsForSet(store: AppStore, manifest: Manifest, hasMedium: boolean, local: boolean): void {
  const url = new URL(location.href);
  if (local) url.searchParams.set('models', 'local');
  else if (url.searchParams.get('models') === 'local') url.searchParams.delete('models');
  history.replaceState(history.state, '', url.href);
  const parsed = parseSettings(url.search, defaultSettings(manifest.defaults), manifest.classes, hasMedium);
  store.getState().initSettings(parsed);
}
