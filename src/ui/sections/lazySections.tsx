// The folded sections' code, fetched when a section is first opened (start-up stays cheap): the
// page's folds (App.tsx) and the lesson's exhibit in presentation mode render the same components.
import { lazy } from 'react';
import type { Manifest, ModelSetName } from '../../models/manifest';
import type { LessonSection } from '../../view/lesson';

export const Explainer = lazy(() => import('./Explainer').then((m) => ({ default: m.Explainer })));
export const WhyItWorks = lazy(() => import('./WhyItWorks').then((m) => ({ default: m.WhyItWorks })));
export const RStrip = lazy(() => import('./RStrip').then((m) => ({ default: m.RStrip })));
export const Research = lazy(() => import('./Research'));
const Tradeoff = lazy(() => import('./Tradeoff').then((m) => ({ default: m.Tradeoff })));
export const ModelCards = lazy(() => import('./ModelCards').then((m) => ({ default: m.ModelCards })));
export const OpenLocal = lazy(() => import('./OpenLocal').then((m) => ({ default: m.OpenLocal })));

/** The measured trade-off: the shipped set's, or for a set from disk, why there is none. */
export function TradeoffSection({ name, manifest, local }: { name: ModelSetName; manifest: Manifest; local: boolean }) {
  if (!local) return <Tradeoff name={name} manifest={manifest} />;
  return (
    <section className="tradeoff" aria-label="Measured trade-off">
      <p data-testid="tradeoff-local">
        The measured quality and cost curves are for the shipped models. For your own set, the page measures speed (“Measure this device”,
        under “For researchers”); quality needs a classifier and reference statistics for your data (the evaluation tool,{' '}
        <code>npm run eval</code>, shows how for the shipped set).
      </p>
    </section>
  );
}

/** A section a lesson page opens, as the page's fold shows it. */
export function LessonSectionBody({
  section,
  name,
  manifest,
  local,
}: {
  section: LessonSection;
  name: ModelSetName;
  manifest: Manifest;
  local: boolean;
}) {
  return section === 'why' ? <WhyItWorks manifest={manifest} /> : <TradeoffSection name={name} manifest={manifest} local={local} />;
}
