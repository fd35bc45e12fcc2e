// SCAFFOLD (to be replaced by the r-strip work): final images from the same noise at r = 0, 0.2, ..., 1.
import type { Manifest } from '../models/manifest';

export function RStrip({ manifest }: { manifest: Manifest }) {
  return <p className="hint">The strip of r values for {manifest.title} is not built yet.</p>;
}
