// The page: explanation, settings, the two trajectories side by side with replay, why it works,
// the measured trade-off, and the models.
import { useEffect, useRef, useState } from 'react';
import type { ModelRole } from '../core';
import { Controls } from './Controls';
import { DeviceBench } from './DeviceBench';
import { ErrorPanel } from './ErrorPanel';
import { Explainer } from './Explainer';
import { LoadingProgress } from './LoadingProgress';
import { ModelCards } from './ModelCards';
import { OpenLocal } from './OpenLocal';
import { useBackendProbe, useManifest, useRetry, useSessions, useSwitchLocalSet } from './models';
import { InsecureContextNotice, RunNotice, ShownRun, UrlNotice } from './Notices';
import { Isolation } from './Isolation';
import { precacheApp } from './offline';
import { Replay } from './Replay';
import { RunSummary } from './RunSummary';
import { useServices } from './services';
import { ShareBar } from './ShareBar';
import { useAppStore } from './store';
import { Tradeoff } from './Tradeoff';
import { TrajectoryPanel } from './TrajectoryPanel';
import { settingsForSet, settingsFromLink } from './urlSync';
import { WhyItWorks } from './WhyItWorks';

const FALLBACK_NOTICE = 'WebGPU is not available in this browser; running on the CPU (wasm), which is slower.';
const GPU_LOST_NOTICE =
  'WebGPU stopped working, so the models moved to the CPU (wasm), which is slower. A run in progress starts again there, from the same noise.';

function Progress() {
  const status = useAppStore((s) => s.status);
  const stitched = useAppStore((s) => s.progress.stitched?.index);
  const large = useAppStore((s) => s.progress.baseline?.index);
  const steps = useAppStore((s) => s.run?.settings.steps);
  const at = (index: number | undefined) => (index === undefined ? 'starting' : `step ${index + 1} of ${steps}`);
  const text =
    status !== 'running' || steps === undefined
      ? ''
      : stitched === undefined && large === undefined
        ? 'preparing the models (a first run at a new batch size warms them up)…'
        : `stitched: ${at(stitched)} · large-only: ${at(large)}`;
  return (
    <p className="status" aria-live="polite">
      Status: <output data-testid="status">{status}</output> <span className="status-detail">{text}</span>
    </p>
  );
}

export function App() {
  const { controller, store, modelSet } = useServices();
  const name = modelSet.name;
  const probe = useBackendProbe();
  const served = useManifest(name);
  // "Open your own models" replaces the link's set until "Back to the shipped models".
  const localSet = useAppStore((s) => s.localSet);
  const manifest = localSet ? { data: localSet.manifest, error: null } : served;
  const backendSwitch = useAppStore((s) => s.backendSwitch);
  const settingsReady = useAppStore((s) => s.settingsReady);
  // The medium model is opened the first time a setting gives it steps, and then kept open.
  const wantsMedium = useAppStore((s) => s.settings.mediumSteps > 0);
  const [medium, setMedium] = useState(false);
  useEffect(() => {
    if (wantsMedium) setMedium(true);
  }, [wantsMedium]);
  const roles: ModelRole[] = medium || wantsMedium ? ['small', 'medium', 'large'] : ['small', 'large'];
  const sessions = useSessions(localSet ? 'local' : name, settingsReady ? manifest.data : undefined, backendSwitch ? 'wasm' : probe.data?.backend, roles, localSet?.files);
  const retry = useRetry();
  const status = useAppStore((s) => s.status);
  const runError = useAppStore((s) => s.runError);

  // The settings come from the link once the manifest's defaults are known; a shared link runs as
  // soon as the models are open.
  useEffect(() => {
    if (!manifest.data) return;
    const linked = settingsFromLink(store, manifest.data, manifest.data.denoisers.some((d) => d.role === 'medium'));
    if (linked && !localSet) controller.generateWhenReady();
  }, [manifest.data, store, controller, localSet]);

  // A new set's sessions replace the old ones: its run and images go with it, and the settings are
  // read again against its classes and models (the link says which kind of set is in use).
  const shownSet = useRef(localSet);
  useEffect(() => {
    if (shownSet.current === localSet) return;
    shownSet.current = localSet; // the run went where the set was changed (useSwitchLocalSet)
    const m = localSet?.manifest ?? served.data;
    if (m) settingsForSet(store, m, m.denoisers.some((d) => d.role === 'medium'), localSet !== null);
  }, [localSet, store, served.data]);

  useEffect(() => {
    if (!sessions.data || !manifest.data) return;
    // The offline copy keeps the app and the link's models; a local set stays on the user's disk.
    if (!localSet) void precacheApp(store, sessions.data);
    controller.modelsReady(manifest.data, sessions.data.denoisers.map((d) => d.role));
  }, [sessions.data, manifest.data, store, controller, localSet]);

  const backend = backendSwitch ? 'wasm' : (sessions.data?.backend ?? probe.data?.backend);
  const fallbackReason = backendSwitch ?? (sessions.data ? sessions.data.fallbackReason : probe.data?.fallbackReason);
  const adapter = sessions.data ? sessions.data.adapter : probe.data?.adapter;
  // A local set that fails to open (a model's shape, a kernel) goes back to the link's models; the
  // reason shows under "Your own models".
  const switchLocalSet = useSwitchLocalSet();
  const setLocalError = useAppStore((s) => s.setLocalError);
  useEffect(() => {
    if (localSet && sessions.error) {
      setLocalError(sessions.error.message);
      switchLocalSet(null);
    }
  }, [localSet, sessions.error, switchLocalSet, setLocalError]);
  const loadError = probe.error ?? manifest.error ?? (localSet ? null : sessions.error);

  return (
    <main className="app">
      <header>
        <h1>T-Stitch: small model first, large model last</h1>
        <p className="lede">
          Two ways to turn the same noise into an image: the left one starts with a small, fast model and hands over to a
          large one; the right one uses the large model all the way.
        </p>
        <p className="meta">
          <span data-testid="backend">Backend: {backend === 'webgpu' ? 'WebGPU' : backend === 'wasm' ? 'wasm' : 'detecting…'}</span>
          {backend === 'webgpu' && adapter ? <span data-testid="adapter"> · adapter: {adapter}</span> : null}
          {' · '}
          <span data-testid="models">
            Models: {manifest.data ? manifest.data.title : name}
            {sessions.data ? ` (${sessions.data.denoisers.map((d) => d.id).join(' + ')})` : ''}
          </span>
        </p>
        <Isolation loaded={sessions.data} />
        {backend === 'wasm' ? (
          <p className="notice" role="note" data-testid="fallback-notice">
            {backendSwitch ? GPU_LOST_NOTICE : FALLBACK_NOTICE}{' '}
            <span className="notice-reason">Reason: {fallbackReason ?? 'unknown'}</span>
          </p>
        ) : null}
        {modelSet.ignored === 'local' && !localSet ? (
          <p className="notice" role="note" data-testid="local-link-notice">
            This link was made with models opened from someone’s own disk, which a link cannot carry: showing the shipped
            models with the link’s other settings. To use your own, open them below (“Your own models”).
          </p>
        ) : modelSet.ignored !== undefined ? (
          <p className="notice" role="note">
            Unknown model set “{modelSet.ignored}”; showing the shipped models.
          </p>
        ) : null}
        <InsecureContextNotice />
        <UrlNotice />
      </header>

      {loadError ? <ErrorPanel title="The models could not be loaded." message={loadError.message} onRetry={retry} /> : null}
      {status === 'error' && runError ? <ErrorPanel title="Generation failed." message={runError} onRetry={retry} /> : null}

      {manifest.data && settingsReady ? (
        <>
          <section className="stage" aria-label="Demo">
            <Controls manifest={manifest.data} ready={sessions.isSuccess} />
            {sessions.isPending && !loadError ? <LoadingProgress manifest={manifest.data} roles={roles} /> : null}
            <Progress />
            <ShownRun classNames={manifest.data.classes} />
            <RunNotice />
            <div className="panels">
              <TrajectoryPanel trajectory="stitched" manifest={manifest.data} />
              <TrajectoryPanel trajectory="baseline" manifest={manifest.data} />
            </div>
            <Replay />
            <RunSummary manifest={manifest.data} />
            <DeviceBench
              manifest={manifest.data}
              backend={backend === 'webgpu' ? 'WebGPU' : 'wasm'}
              detail={backend === 'webgpu' ? adapter : fallbackReason}
              ready={sessions.isSuccess}
            />
            <ShareBar manifest={manifest.data} />
          </section>
          <Explainer />
          <WhyItWorks manifest={manifest.data} />
          {localSet ? (
            <section className="tradeoff" aria-label="Measured trade-off">
              <h2>Measured trade-off</h2>
              <p data-testid="tradeoff-local">
                The measured quality and cost curves are for the shipped models. For your own set, the page measures speed
                (“Measure this device”); quality needs a classifier and reference statistics for your data (the
                evaluation tool, <code>npm run eval</code>, shows how for the shipped set).
              </p>
            </section>
          ) : (
            <Tradeoff name={name} manifest={manifest.data} />
          )}
          <ModelCards manifest={manifest.data} loaded={sessions.data?.denoisers ?? []} />
          <OpenLocal />
        </>
      ) : !loadError ? (
        <p className="loading" data-testid="loading">
          Loading the model manifest…
        </p>
      ) : null}
    </main>
  );
}
