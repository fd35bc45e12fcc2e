// Messages about the page's own state: an insecure context, ignored URL settings, restarted runs, stale pictures.
import { fractionOf, sameSettings } from '../view/settings';
import { COMPARISON_TEXT } from '../view/comparisons';
import { useAppState } from './AppContext';

/**
 * On plain HTTP from a name other than localhost (a LAN address), browsers withhold WebGPU,
 * service workers and the Cache API. The page still generates; this says what is missing and how
 * to get it.
 */
export function InsecureContextNotice() {
  if (window.isSecureContext) return null;
  return (
    <p className="notice" role="note" data-testid="insecure-notice">
      <strong>This page is open over plain HTTP ({location.host}), which browsers treat as insecure.</strong> It generates images, but
      without three things: WebGPU (the models run on the CPU, which is slower), the offline copy (no service worker), and storing the
      models and onnxruntime's runtime between visits (no Cache API, so a later visit may download them again). Open it over HTTPS, or at
      http://localhost on the machine that serves it, to have all three.
    </p>
  );
}

export function UrlNotice() {
  const problems = useAppState((s) => s.urlProblems);
  if (problems.length === 0) return null;
  return (
    <div className="notice" role="note" data-testid="url-notice">
      <strong>Some settings in the link could not be used, so their defaults apply:</strong>
      <ul>
        {problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </div>
  );
}

export function RunNotice() {
  const restarts = useAppState((s) => s.restarts);
  const stale = useAppState((s) => s.status !== 'running' && s.run !== null && !sameSettings(s.settings, s.run.settings));
  return (
    <>
      {restarts > 0 ? (
        <p className="hint" data-testid="restart-notice">
          A setting changed during a run, so that run was cancelled and started again ({restarts} {restarts === 1 ? 'time' : 'times'} so
          far).
        </p>
      ) : null}
      {stale ? (
        <p className="hint" data-testid="stale-notice">
          The pictures show the previous settings; press Generate to run the new ones.
        </p>
      ) : null}
    </>
  );
}

/** What the pictures show: the settings of the run on screen (they may differ from the controls). */
export function ShownRun({ classNames }: { classNames: readonly string[] }) {
  const run = useAppState((s) => s.run);
  if (!run) return null;
  const { steps, seed, sampler, guidance, classChoice, mediumSteps, compare } = run.settings;
  const names = run.classes.map((c) => classNames[c] ?? String(c));
  const classes =
    classChoice === 'random' ? `random classes: ${names.join(', ')}` : `${names[0]}${names.length > 1 ? ` × ${names.length}` : ''}`;
  return (
    <p className="run-caption" data-testid="run-caption">
      Showing: r = {fractionOf(run.settings).toFixed(2)}
      {mediumSteps > 0 ? ` · rm = ${fractionOf({ smallSteps: mediumSteps, steps }).toFixed(2)}` : ''} · {sampler.toUpperCase()} {steps}{' '}
      steps · seed {seed} · guidance {guidance} · {classes}
      {compare !== 'large-only' ? ` · compared with ${COMPARISON_TEXT[compare].name}` : ''}
    </p>
  );
}
