// For researchers, folded away until asked for: what the stitched trajectory is compared with (the
// paper's baselines), the medium model of a three-model set, how the run shown was timed, and the
// device benchmark. Loaded only when opened (App.tsx).
import { COMPARISONS, type Comparison } from '../../core';
import type { Manifest } from '../../models/manifest';
import { COMPARISON_TEXT } from '../../view/comparisons';
import { MediumFractionControl } from '../stage/Controls';
import { DeviceBench } from './DeviceBench';
import { RunSummary } from './RunSummary';
import { useAppState } from '../AppContext';

function CompareControl() {
  const compare = useAppState((s) => s.settings.compare);
  const update = useAppState((s) => s.update);
  return (
    <label className="control">
      <span>Compare with</span>
      <select value={compare} onChange={(e) => update({ compare: e.target.value as Comparison })}>
        {COMPARISONS.map((c) => (
          <option key={c} value={c}>
            {COMPARISON_TEXT[c].option}
          </option>
        ))}
      </select>
    </label>
  );
}

interface Props {
  manifest: Manifest;
  backend: string;
  detail: string | undefined;
  ready: boolean;
}

export default function Research({ manifest, backend, detail, ready }: Props) {
  return (
    <section className="research" aria-label="For researchers">
      <div className="controls research-controls">
        <CompareControl />
        {manifest.denoisers.some((d) => d.role === 'medium') ? <MediumFractionControl /> : null}
        <p className="hint">Changing these runs the demo again with the new plan; the panels above show it.</p>
      </div>
      <h3>How the run shown was timed</h3>
      <RunSummary manifest={manifest} />
      <h3>Measure this device</h3>
      <DeviceBench manifest={manifest} backend={backend} detail={detail} ready={ready} />
    </section>
  );
}
