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

/** A reason as a clause of the sentence: browsers end their messages with a period, the sentence adds its own. */
const clause = (reason: string) => reason.replace(/[.\s]+$/, '');

const summary = (files: readonly NotKept[]) => {
  const names = [...new Set(files.map((n) => n.file))];
  return { count: names.length, names: list(names), reasons: [...new Set(files.map((n) => clause(n.reason)))].join('; ') };
};

/** What the service worker saw on this visit, besides what was not kept. */
export interface VisitFacts {
  /** This page came from the offline copy: the network failed, or did not answer in time. */
  fromCopy?: boolean;
  /** Stored files the network could not refresh now: their copies from an earlier visit stay. */
  unrefreshed?: readonly NotKept[];
}

const FROM_COPY = 'this visit runs from it, since the network did not answer';

/**
 * `total` files the page and its worker need for a visit without a network; `notKept` of them are
 * not in this browser's storage. A file with a stored copy is never among them because the network
 * failed: it is stored, and at most not refreshed.
 */
export function keptReport(total: number, notKept: readonly NotKept[], visit: VisitFacts = {}): OfflineReport {
  const stale = summary(visit.unrefreshed ?? []);
  const staleNote =
    stale.count === 0
      ? ''
      : ` ${stale.count} of them (${stale.names}) could not be refreshed now (${stale.reasons}); their copies from an earlier visit stay.`;
  if (notKept.length === 0) {
    const text = visit.fromCopy
      ? `Ready: ${FROM_COPY}; all ${total} files are stored in this browser.`
      : 'Ready: this page and its models are stored in this browser, so the next visit works without a network.';
    return { state: 'ready', text: text + (visit.fromCopy ? '' : staleNote) };
  }
  const missing = summary(notKept);
  const counted = `${missing.count} of ${total} files were not stored (${missing.names}): ${missing.reasons}.`;
  if (visit.fromCopy) {
    return { state: 'failed', text: `Incomplete: ${FROM_COPY}, but ${counted} The next visit with a network downloads them again.` };
  }
  return { state: 'failed', text: `Not available: ${counted} This visit runs from memory; the next one downloads them again.${staleNote}` };
}
