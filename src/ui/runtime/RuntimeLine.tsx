// What the models run on, as one short line under the title that opens on request: the backend
// (and why it is wasm, when it is: the notice the fallback owes its user), the adapter, the models,
// and the threads and isolation. Its details stay in the page (a closed <details>), so they are
// read by screen readers and tests without taking the first screen.
import type { LoadResult } from '../../client/client';
import type { Manifest } from '../../models/manifest';
import { Downloads } from './Downloads';
import { Isolation } from './Isolation';
import type { BackendName } from '../../worker/protocol';

const FALLBACK_NOTICE = 'WebGPU is not available in this browser; running on the CPU (wasm), which is slower.';
const GPU_LOST_NOTICE =
  'WebGPU stopped working, so the models moved to the CPU (wasm), which is slower. A run in progress starts again there, from the same noise.';

interface Props {
  backend: BackendName | undefined;
  adapter: string | undefined;
  fallbackReason: string | undefined;
  /** The reason WebGPU was dropped during this visit (a lost device), if it was. */
  backendSwitch: string | null;
  models: string;
  /** The set being opened or open (its files' downloads); null before its manifest arrives. */
  manifest: Manifest | null;
  loaded: LoadResult | null;
}

/** The summary: what runs, in a few words; on wasm, that it is the slower fallback. */
function summaryText({ backend, backendSwitch }: Pick<Props, 'backend' | 'backendSwitch'>): string {
  if (backend === 'webgpu') return 'Running on the GPU (WebGPU)';
  if (backend === 'wasm')
    return backendSwitch ? 'WebGPU stopped: now on the CPU (wasm), slower' : 'No WebGPU here: running on the CPU (wasm), slower';
  return 'Finding the GPU…';
}

export function RuntimeLine(props: Props) {
  const { backend, adapter, fallbackReason, backendSwitch, models, manifest, loaded } = props;
  return (
    <details className="runtime-line" data-testid="runtime-line">
      <summary>
        <span className={backend === 'wasm' ? 'runtime-fallback' : undefined}>{summaryText(props)}</span>
        <span className="runtime-more"> · details</span>
      </summary>
      <div className="runtime-details">
        <p className="meta">
          <span data-testid="backend">Backend: {backend === 'webgpu' ? 'WebGPU' : backend === 'wasm' ? 'wasm' : 'detecting…'}</span>
          {backend === 'webgpu' && adapter ? <span data-testid="adapter"> · adapter: {adapter}</span> : null}
          {' · '}
          <span data-testid="models">{models}</span>
        </p>
        <Isolation loaded={loaded ?? undefined} />
        {backend === 'wasm' ? (
          <p className="notice" role="note" data-testid="fallback-notice">
            {backendSwitch ? GPU_LOST_NOTICE : FALLBACK_NOTICE} <span className="notice-reason">Reason: {fallbackReason ?? 'unknown'}</span>
          </p>
        ) : null}
        {manifest ? <Downloads manifest={manifest} loaded={loaded?.denoisers ?? []} /> : null}
      </div>
    </details>
  );
}
