// One line near the backend line: the threads onnxruntime's wasm backend runs with, and whether
// the page is cross-origin isolated (what allows threads). Wording: isolation.ts.
import type { LoadResult } from '../../client/client';
import { isolationLine } from '../../view/isolation';

/**
 * Whether a service worker served this page (controlled it from its navigation). Read once: a first
 * visit's page is claimed by the service worker later on, but its isolation was fixed when it loaded.
 */
const servedByServiceWorker = 'serviceWorker' in navigator && navigator.serviceWorker.controller !== null;

/** `loaded`: the runtime worker's `loaded` reply (its runtime carries the thread count), once the models are open. */
export function Isolation({ loaded }: { loaded?: Pick<LoadResult, 'runtime'> }) {
  const threads = loaded?.runtime?.threads;
  const line = isolationLine({
    crossOriginIsolated: self.crossOriginIsolated,
    secureContext: window.isSecureContext,
    serviceWorkers: 'serviceWorker' in navigator,
    controlled: servedByServiceWorker,
    threads,
  });
  return (
    <p
      className="meta"
      data-testid="isolation"
      data-state={line.state}
      data-isolated={String(self.crossOriginIsolated)}
      data-threads={threads ?? ''}
    >
      {line.text}
    </p>
  );
}
