// What the page says about onnxruntime's wasm threads (issue 13, item 5): threads need a
// cross-origin isolated page (SharedArrayBuffer). A host's COOP/COEP headers isolate every visit;
// without them the service worker (src/sw/isolation.ts) adds the headers to what it serves, which isolates
// the visits it controls: from the second visit (or a reload) on. Plain HTTP from a LAN address has
// no service worker, so one thread. Pure, so the wording is unit-tested (isolation.test.ts).

export interface IsolationFacts {
  /** self.crossOriginIsolated of the page (a dedicated worker shares its page's). */
  crossOriginIsolated: boolean;
  secureContext: boolean;
  /** The browser has service workers (none in an insecure context). */
  serviceWorkers: boolean;
  /** A service worker served this page (controlled it from its navigation on; a page it claimed later does not count). */
  controlled: boolean;
  /** The threads the runtime worker's onnxruntime runs with; undefined until it reports them. */
  threads?: number;
}

export interface IsolationLine {
  text: string;
  /** For tests and styling: 'isolated', 'next-visit' (the service worker will isolate the next visit), 'none'. */
  state: 'isolated' | 'next-visit' | 'none';
}

const threadsText = (n?: number) => (n === undefined ? 'threads: not reported yet' : `${n} thread${n === 1 ? '' : 's'}`);

export function isolationLine(f: IsolationFacts): IsolationLine {
  const cpu = `CPU (wasm) runtime: ${threadsText(f.threads)}`;
  if (f.crossOriginIsolated) {
    const by = f.controlled ? 'the host’s headers or this site’s service worker' : 'the host’s headers';
    return { state: 'isolated', text: `${cpu} · cross-origin isolated (by ${by}), so threads are allowed` };
  }
  if (!f.secureContext || !f.serviceWorkers) {
    return {
      state: 'none',
      text: `${cpu} · not cross-origin isolated: without COOP/COEP headers from the host, and with no service worker here (${f.secureContext ? 'this browser has none' : 'plain HTTP'}), onnxruntime runs one thread`,
    };
  }
  if (!f.controlled) {
    return {
      state: 'next-visit',
      text: `${cpu} · not cross-origin isolated yet: the service worker isolates the page from the next visit or reload on, which lets onnxruntime use more threads`,
    };
  }
  return {
    state: 'none',
    text: `${cpu} · not cross-origin isolated: the service worker that served this page did not isolate it (an older copy of sw.js?)`,
  };
}
