// One card per model: size, cost, training and file (its download is in the runtime details, Downloads.tsx).
import { MODEL_ROLES } from '../../core';
import type { DenoiserEntry, Manifest } from '../../models/manifest';
import { formatBytes, formatCount, trainingSummary } from '../../view/format';

/** A count the card can show: a set from disk may carry anything in these optional fields. */
const positive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

function architecture(a: Record<string, unknown> | undefined): string {
  if (!a) return '';
  const n = (k: string) => (typeof a[k] === 'number' ? a[k] : undefined);
  const parts = [
    n('width') && `width ${n('width')}`,
    n('depth') && `depth ${n('depth')}`,
    n('heads') && `${n('heads')} heads`,
    n('patch') && `patch ${n('patch')}`,
  ];
  return parts.filter(Boolean).join(', ');
}

function Card({ entry, other }: { entry: DenoiserEntry; other?: DenoiserEntry }) {
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
    </article>
  );
}

export function ModelCards({ manifest }: { manifest: Manifest }) {
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
          <Card key={entry.id} entry={entry} other={entry.role === 'large' ? manifest.denoisers.find((d) => d.role === 'small') : large} />
        ))}
      </div>
      <p className="hint">
        Where each file came from (downloaded, this browser's cache or your disk) and the offline copy: the line under the title, “details”.
      </p>
    </section>
  );
}
