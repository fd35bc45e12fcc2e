// While the models load: every file the page waits for (onnxruntime's wasm binary, each model), the
// one being fetched now and how much is left, from the worker's byte-level progress.
import type { ModelRole } from '../../core';
import type { Manifest } from '../../models/manifest';
import { formatBytes } from '../../view/format';
import { loadingSummary, pendingFiles } from '../../view/loadingSummary';
import { useAppState } from '../AppContext';

export function LoadingProgress({ manifest, roles }: { manifest: Manifest; roles: readonly ModelRole[] }) {
  const downloads = useAppState((s) => s.downloads);
  // A latent set's decoder is waited for too (src/worker/openModels.ts reads it after the denoisers).
  const decoder = manifest.decoder ? [{ file: manifest.decoder.file, role: 'decoder' as const, bytes: manifest.decoder.bytes }] : [];
  const models = [...manifest.denoisers.filter((d) => roles.includes(d.role)), ...decoder];
  const files = pendingFiles(downloads, models);
  const summary = loadingSummary(files);
  return (
    <div className="loading" data-testid="loading">
      <p>
        Loading the models: <span data-testid="loading-now">{summary.now}</span> · <span data-testid="loading-left">{summary.left}</span>
      </p>
      <progress aria-label="Loading the models" max={summary.total || 1} value={summary.loaded} />
      <ul className="loading-files">
        {files.map((f) => (
          <li key={f.file} data-testid={`loading-${f.role}`}>
            {f.file}: {f.started ? `${formatBytes(f.loaded)}${f.total ? ` of ${formatBytes(f.total)}` : ''}` : 'waiting'}
          </li>
        ))}
      </ul>
    </div>
  );
}
