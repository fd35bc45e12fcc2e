// Where each model file came from (byte-level download progress, this browser's cache, or the
// user's disk) and whether a copy was kept for the next visit, or why not; and the offline copy.
// In the runtime details (RuntimeLine.tsx): always in the page, folded until asked for.
import type { DenoiserEntry, Manifest } from '../../models/manifest';
import type { LoadedDenoiser } from '../../worker/protocol';
import { formatBytes } from '../../view/format';
import { useAppState } from '../AppContext';

/** `kept`: what the worker reported once the model was open (absent while it is loading). */
function Download({ entry, kept }: { entry: DenoiserEntry; kept?: LoadedDenoiser }) {
  const p = useAppState((s) => s.downloads[entry.file]);
  const notYet = entry.role === 'medium' ? 'Loaded when the medium-model fraction is above 0' : 'Waiting to load';
  const loaded = p?.loaded ?? 0;
  const total = p?.total || entry.bytes || 0;
  const done = p !== undefined && total > 0 && loaded >= total;
  // Only what the worker reports as stored is called stored: a refused write says so, with its reason.
  const storedText = !kept
    ? ''
    : kept.stored
      ? ' and stored for next time'
      : `; not stored for next time: ${kept.notStored ?? 'unknown reason'}`;
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
    <div
      className="download"
      data-testid={`download-${entry.role}`}
      data-source={p?.source ?? ''}
      data-stored={kept ? String(kept.stored) : ''}
    >
      <progress aria-label={`Download of ${entry.file}`} max={total || 1} value={loaded} />
      <span>{text}</span>
    </div>
  );
}

/** `loaded`: the models the worker opened, with where each came from and whether it was stored. */
export function Downloads({ manifest, loaded }: { manifest: Manifest; loaded: readonly LoadedDenoiser[] }) {
  const offline = useAppState((s) => s.offline);
  return (
    <div className="downloads">
      {manifest.denoisers.map((entry) => (
        <div key={entry.file} className="downloads-row">
          <span className="downloads-file">{entry.file}</span>
          <Download entry={entry} kept={loaded.find((d) => d.file === entry.file)} />
        </div>
      ))}
      <p className="offline" data-testid="offline-status" data-state={offline.state}>
        Offline copy: {offline.text}
      </p>
    </div>
  );
}
