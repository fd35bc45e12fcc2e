// Messages about the page's own state: ignored URL settings, restarted runs, stale pictures.
import { useAppStore } from './store';
import { fractionOf, sameSettings } from './settings';
import { COMPARISON_TEXT } from './comparisons';

export function UrlNotice() {
  const problems = useAppStore((s) => s.urlProblems);
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
  const restarts = useAppStore((s) => s.restarts);
  const stale = useAppStore((s) => s.status !== 'running' && s.run !== null && !sameSettings(s.settings, s.run.settings));
  return (
    <>
      {restarts > 0 ? (
        <p className="hint" data-testid="restart-notice">
          A setting changed during a run, so that run was cancelled and started again ({restarts}{' '}
          {restarts === 1 ? 'time' : 'times'} so far).
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
  const run = useAppStore((s) => s.run);
  if (!run) return null;
  const { steps, seed, sampler, guidance, classChoice, mediumSteps, compare } = run.settings;
  const names = run.classes.map((c) => classNames[c] ?? String(c));
  const classes = classChoice === 'random' ? `random classes: ${names.join(', ')}` : `${names[0]}${names.length > 1 ? ` × ${names.length}` : ''}`;
  return (
    <p className="run-caption" data-testid="run-caption">
      Showing: r = {fractionOf(run.settings).toFixed(2)}
      {mediumSteps > 0 ? ` · rm = ${fractionOf({ smallSteps: mediumSteps, steps }).toFixed(2)}` : ''} · {sampler.toUpperCase()} {steps} steps · seed{' '}
      {seed} · guidance {guidance} · {classes}
      {compare !== 'large-only' ? ` · compared with ${COMPARISON_TEXT[compare].name}` : ''}
    </p>
  );
}
