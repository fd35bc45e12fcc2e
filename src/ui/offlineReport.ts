// The "Offline copy" line in words: exactly what was kept for the next visit, and why not.
// Pure, so the wording is unit-tested; offline.ts gathers the facts.

/** A file the page needs that is not in this browser's storage, and why. */
export interface NotKept {
  /** The file's name as the page shows it. */
  file: string;
  reason: string;
}

export type OfflineState = 'unsupported' | 'pending' | 'ready' | 'failed';

export interface OfflineReport {
  state: OfflineState;
  /** The sentence after "Offline copy:". */
  text: string;
}

export const OFFLINE_PENDING: OfflineReport = { state: 'pending', text: 'Preparing the offline copy once the models are open…' };

/** Without a service worker: why (an insecure context, or a browser or mode without one). */
export function unsupported(secure: boolean): OfflineReport {
  return {
    state: 'unsupported',
    text: secure
      ? 'Not available in this browser or mode (no service worker).'
      : 'Not available: this page is on plain HTTP (not HTTPS or localhost), where browsers offer no service worker and no storage for files.',
  };
}

/** The service worker could not be used at all (registration refused, no answer). */
export function failed(why: string): OfflineReport {
  return { state: 'failed', text: `Not available: ${why}. The next visit needs the network.` };
}

const list = (names: string[]) => (names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`);

/** `total` files the page and its worker need for a visit without a network; `notKept` of them were not stored. */
export function keptReport(total: number, notKept: readonly NotKept[]): OfflineReport {
  if (notKept.length === 0) {
    return { state: 'ready', text: 'Ready: this page and its models are stored in this browser, so the next visit works without a network.' };
  }
  const reasons = [...new Set(notKept.map((n) => n.reason))];
  const files = [...new Set(notKept.map((n) => n.file))];
  return {
    state: 'failed',
    text:
      `Not available: ${files.length} of ${total} files were not stored (${list(files)}): ${reasons.join('; ')}. ` +
      'This visit runs from memory; the next one downloads them again.',
  };
}
