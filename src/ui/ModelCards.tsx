// One card per model: size, cost, training, and the download (byte-level progress, or "from cache",
// and whether a copy was kept for the next visit, or why not).
import { MODEL_ROLES } from '../core';
import type { DenoiserEntry, Manifest } from '../models/manifest';
import type { LoadedDenoiser } from '../worker/protocol';
import { formatBytes, formatCount, trainingSummary } from './format';
import { useAppState } from './store';

/** `kept`: what the worker reported once the model was open (absent while it is loading). */
function Download({ entry, kept }: { entry: DenoiserEntry; kept?: LoadedDenoiser }) {
  const p = useAppState((s) => s.downloads[entry.file]);
  const notYet = entry.role === 'medium' ? 'Loaded when the medium-model fraction is above 0' : 'Waiting to load';
  const loaded = p?.loaded ?? 0;
  const total = p?.total || entry.bytes || 0;
  const done = p !== undefined && total > 0 && loaded >= total;
  // Only what the worker reports as stored is called stored: a refused write says so, with its reason.
  const storedText = !kept ? '' : kept.stored ? ' and stored for next time' : `; not stored for next time: ${kept.notStored ?? 'unknown reason'}`;
  const text = !p
    ? notYet
    : p.source === 'disk'
      ? `Read from your disk (${formatBytes(loaded)}), nothing downloaded`
      : p.source === 'cache'
      ? `Loaded from this browser's cache (${formatBytes(loaded)}), no download`
      : done
        ? `Downloaded ${formatBytes(loaded)}${storedText}`
        : `Downloading ${formatBytes(loaded)} of ${total ? formatBytes(total) : '?'}${total ? ` (${Math.floor((100 * loaded) / total)}%)` : ''}`;
  return (
    <div className="download" data-testid={`download-${entry.role}`} data-source={p?.source ?? ''} data-stored={kept ? String(kept.stored) : ''}>
      <progress aria-label={`Download of ${entry.file}`} max={total || 1} value={loaded} />
      <span>{text}</span>
    </div>
  );
}

/** A count the card can show: a set from disk may carry anything in these optional fields. */
const positive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

function architecture(a: Record<string, unknown> | undefined): string {
  if (!a) return '';
  const n = (k: string) => (typeof a[k] === 'number' ? a[k] : undefined);
  const parts = [n('width') && `width ${n('width')}`, n('depth') && `depth ${n('depth')}`, n('heads') && `${n('heads')} heads`, n('patch') && `patch ${n('patch')}`];
  return parts.filter(Boolean).join(', ');
}

function Card({ entry, other, kept }: { entry: DenoiserEntry; other?: DenoiserEntry; kept?: LoadedDenoiser }) {
  const name = typeof entry.architecture?.name === 'string' ? entry.architecture.name : entry.id;
  const role = `${entry.role[0].toUpperCase()}${entry.role.slice(1)} model`;
  const ratio = entry.gflops && other?.gflops ? entry.gflops / other.gflops : undefined;
  return (
    <article className={`model-card model-${entry.role}`} aria-label={`${role}: ${name}`}>
      <h3>
        <span className={`swatch plan-${entry.role}`} aria-hidden="true" /> {role} <span className="model-name">{name}</span>
      </h3>
      <dl>
        <dt>Parameters</dt>
        <dd data-testid={`params-${entry.role}`}>{positive(entry.params) ? formatCount(entry.params) : 'not given'}</dd>
        <dt>Compute</dt>
        <dd data-testid={`gflops-${entry.role}`}>
          {positive(entry.gflops) ? `${entry.gflops} GFLOPs per image per step` : 'not given'}
          {ratio && ratio < 1 ? ` (${(1 / ratio).toFixed(1)}× cheaper)` : ''}
        </dd>
        {architecture(entry.architecture) ? (
          <>
            <dt>Shape</dt>
            <dd>{architecture(entry.architecture)}</dd>
          </>
        ) : null}
        <dt>Training</dt>
        <dd data-testid={`training-${entry.role}`}>{trainingSummary(entry.training)}</dd>
        <dt>File</dt>
        <dd>
          {entry.file}
          {entry.bytes ? `, ${formatBytes(entry.bytes)}` : ''}
        </dd>
      </dl>
      <Download entry={entry} kept={kept} />
    </article>
  );
}

/** `loaded`: the models the worker opened, with where each came from and whether it was stored. */
export function ModelCards({ manifest, loaded }: { manifest: Manifest; loaded: readonly LoadedDenoiser[] }) {
  const offline = useAppState((s) => s.offline);
  const large = manifest.denoisers.find((d) => d.role === 'large');
  const entries = MODEL_ROLES.flatMap((role) => manifest.denoisers.filter((d) => d.role === role));
  return (
    <section className="models" aria-labelledby="models-heading">
      <h2 id="models-heading">The {entries.length === 3 ? 'three' : 'two'} models</h2>
      <p>
        {manifest.title}: {entries.length === 3 ? 'all' : 'both'} were trained on the same images with the same noise schedule (T ={' '}
        {manifest.schedule.T}), which is what lets one take over from another.
      </p>
      <div className="model-cards">
        {entries.map((entry) => (
          <Card
            key={entry.id}
            entry={entry}
            other={entry.role === 'large' ? manifest.denoisers.find((d) => d.role === 'small') : large}
            kept={loaded.find((d) => d.file === entry.file)}
          />
        ))}
      </div>
      <p className="offline" data-testid="offline-status" data-state={offline.state}>
        Offline copy: {offline.text}
      </p>
    </section>
  );
}
