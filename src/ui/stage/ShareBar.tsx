// Share and export: the link that reproduces this page, and the comparison as a PNG.
import { useState } from 'react';
import type { Manifest } from '../../models/manifest';
import { copyText } from '../../page/clipboard';
import { comparisonPng, exportFileName, saveBlob } from '../../page/exportPng';
import { shownStep } from '../../page/recorder';
import { useServices } from '../AppContext';
import { linkToShare } from '../../page/urlSync';
import { useAppState, useAppStoreApi } from '../AppContext';

export function ShareBar({ manifest }: { manifest: Manifest }) {
  const { recorder } = useServices();
  const store = useAppStoreApi();
  const settings = useAppState((s) => s.settings);
  const canExport = useAppState((s) => s.status === 'done');
  const [message, setMessage] = useState('');
  const link = linkToShare(settings);

  const copy = async () => setMessage(await copyText(link, 'link'));

  const download = async () => {
    const { run, clockMs, timings } = store.getState();
    if (!run) return;
    // The step the stitched trajectory shows on the shared clock (the other at the same step: exportPng).
    const step = shownStep(recorder.current(), 'stitched', clockMs, timings);
    try {
      saveBlob(await comparisonPng(manifest, recorder, run, step === null ? null : Math.max(0, step), timings), exportFileName(run));
      setMessage('PNG saved.');
    } catch (e) {
      setMessage(`No PNG: ${(e as Error).message}`);
    }
  };

  return (
    <section className="share" aria-label="Share and export">
      <label className="share-link">
        <span>Shareable link</span>
        <input type="text" readOnly value={link} onFocus={(e) => e.target.select()} data-testid="share-link" />
      </label>
      <button type="button" onClick={() => void copy()}>
        Copy link
      </button>
      <button type="button" disabled={!canExport} onClick={() => void download()}>
        Download PNG
      </button>
      <output className="share-message" aria-live="polite">
        {message}
      </output>
    </section>
  );
}
