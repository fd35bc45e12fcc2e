// The page: backend line, settings, stitching plan, and the two trajectories side by side.
import { useEffect } from 'react';
import type { Trajectory } from '../runtime/protocol';
import { Controls } from './Controls';
import { ErrorPanel } from './ErrorPanel';
import { modelSelection, useBackendProbe, useManifest, useRetry, useSessions } from './models';
import { PlanStrip } from './PlanStrip';
import { useAppStore } from './store';
import { TrajectoryCanvas } from './TrajectoryCanvas';

const FALLBACK_NOTICE = 'WebGPU is not available in this browser; running on the CPU (wasm), which is slower.';

const PANELS: { trajectory: Trajectory; label: string; caption: string }[] = [
  { trajectory: 'stitched', label: 'Stitched trajectory', caption: 'Stitched: small model first, then large' },
  { trajectory: 'large', label: 'Large-only trajectory', caption: 'Large model only' },
];

function formatMs(ms: number | undefined): string {
  return ms === undefined ? '–' : `${(ms / 1000).toFixed(2)} s`;
}

function Timing({ trajectory }: { trajectory: Trajectory }) {
  const ms = useAppStore((s) => s.timings[trajectory]);
  return (
    <p className="timing">
      Time: <span data-testid={`time-${trajectory}`}>{formatMs(ms)}</span>
    </p>
  );
}

function Progress() {
  const status = useAppStore((s) => s.status);
  const progress = useAppStore((s) => s.progress);
  const text =
    status === 'running' && progress
      ? `${progress.trajectory === 'stitched' ? 'stitched' : 'large-only'} trajectory, step ${progress.index + 1} of ${progress.steps}`
      : '';
  return (
    <p className="status" aria-live="polite">
      Status: <output data-testid="status">{status}</output> <span className="status-detail">{text}</span>
    </p>
  );
}

export function App() {
  const name = modelSelection.name;
  const probe = useBackendProbe();
  const manifest = useManifest(name);
  const sessions = useSessions(name, manifest.data, probe.data?.backend);
  const retry = useRetry();
  const status = useAppStore((s) => s.status);
  const runError = useAppStore((s) => s.runError);
  const adoptDefaults = useAppStore((s) => s.adoptDefaults);

  useEffect(() => {
    if (manifest.data) adoptDefaults(manifest.data.defaults.steps);
  }, [manifest.data, adoptDefaults]);

  const backend = sessions.data?.backend ?? probe.data?.backend;
  const fallbackReason = sessions.data ? sessions.data.fallbackReason : probe.data?.fallbackReason;
  const loadError = probe.error ?? manifest.error ?? sessions.error;

  return (
    <main className="app">
      <header>
        <h1>T-Stitch: small model first, large model last</h1>
        <p className="lede">
          Sampling starts from pure noise. The first steps run a small denoiser, the rest a large one, handing the latent
          over as it is. Both pictures below start from the same noise; the right one uses the large model throughout.
        </p>
        <p className="meta">
          <span data-testid="backend">Backend: {backend === 'webgpu' ? 'WebGPU' : backend === 'wasm' ? 'wasm' : 'detecting…'}</span>
          {' · '}
          <span data-testid="models">
            Models: {manifest.data ? manifest.data.title : name}
            {sessions.data ? ` (${sessions.data.denoisers.map((d) => d.id).join(' + ')})` : ''}
          </span>
        </p>
        {backend === 'wasm' ? (
          <p className="notice" role="note" data-testid="fallback-notice">
            {FALLBACK_NOTICE} <span className="notice-reason">Reason: {fallbackReason ?? 'unknown'}</span>
          </p>
        ) : null}
        {modelSelection.ignored !== undefined ? (
          <p className="notice" role="note">
            Unknown model set “{modelSelection.ignored}”; showing the shipped models.
          </p>
        ) : null}
      </header>

      {loadError ? (
        <ErrorPanel title="The models could not be loaded." message={loadError.message} onRetry={retry} />
      ) : null}
      {status === 'error' && runError ? (
        <ErrorPanel title="Generation failed." message={runError} onRetry={retry} />
      ) : null}

      {manifest.data ? (
        <>
          <Controls manifest={manifest.data} ready={sessions.isSuccess} />
          {sessions.isPending && !loadError ? <p className="loading" data-testid="loading">Loading models…</p> : null}
          <PlanStrip />
          <Progress />
          <section className="panels">
            {PANELS.map((p) => (
              <figure key={p.trajectory} className="panel">
                <TrajectoryCanvas trajectory={p.trajectory} label={p.label} image={manifest.data.image} />
                <figcaption>
                  <strong>{p.caption}</strong>
                  <Timing trajectory={p.trajectory} />
                </figcaption>
              </figure>
            ))}
          </section>
        </>
      ) : !loadError ? (
        <p className="loading" data-testid="loading">Loading the model manifest…</p>
      ) : null}
    </main>
  );
}
