// Keeps the address bar in step with the settings (history.replaceState: no new history entry
// per slider move), so the URL is always a link that reproduces the page.
import { writeSettings, type Settings } from './settings';
import { useAppStore } from './store';

export function shareUrl(settings: Settings, href = location.href): string {
  const url = new URL(href);
  url.search = writeSettings(url.search, settings);
  url.hash = '';
  return url.href;
}

let started = false;

/** Start mirroring settings into the URL (once; after the URL's own settings were read). */
export function startUrlSync(): void {
  if (started) return;
  started = true;
  const write = (settings: Settings) => history.replaceState(history.state, '', shareUrl(settings));
  write(useAppStore.getState().settings);
  useAppStore.subscribe((s, prev) => {
    if (s.settings !== prev.settings) write(s.settings);
  });
}
