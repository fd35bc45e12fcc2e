// "Measure this device": the fixed short benchmark (core/bench.ts DEVICE_BENCH) in the page's own
// worker, as text a user can copy and send: what T-Stitch saves on this browser's backend.
import { useState } from 'react';
import { DEVICE_BENCH } from '../../core';
import type { Manifest } from '../../models/manifest';
import { copyText } from '../../page/clipboard';
import { deviceReport } from '../../view/deviceReport';
import { useServices } from '../AppContext';
import { useAppState } from '../AppContext';

export function DeviceBench({
  manifest,
  backend,
  detail,
  ready,
}: {
  manifest: Manifest;
  backend: string;
  detail?: string;
  ready: boolean;
}) {
  const { runtime } = useServices();
  const device = useAppState((s) => s.device);
  // A run, or the r strip (it shares the models, one measurement at a time: src/page/runtime.ts).
  const busy = useAppState((s) => s.status === 'running' || s.strip.status === 'running');
  const [copied, setCopied] = useState('');
  const report = device.result
    ? deviceReport(device.result, DEVICE_BENCH, {
        backend,
        detail,
        models: manifest.denoisers
          .filter((d) => d.role !== 'medium')
          .map((d) => d.id)
          .join(' + '),
        userAgent: navigator.userAgent,
        date: new Date().toISOString().slice(0, 10),
      })
    : '';
  const copy = async () => setCopied(await copyText(report, 'measurement'));
  const status =
    device.status === 'running'
      ? `Measuring: ${device.message}`
      : device.status === 'error'
        ? `Measurement failed: ${device.error}`
        : device.status === 'cancelled'
          ? (device.note ?? 'Measurement cancelled.')
          : device.status === 'done'
            ? 'Measured: copy the text and send it with your question or result.'
            : `Seconds on a GPU, a minute or two on a slow device: T-Stitch at r = 0.4 against large-only, ${DEVICE_BENCH.steps} DDIM steps, ${DEVICE_BENCH.repeats} timed pairs.`;
  return (
    <section className="device-bench" aria-label="Measure this device">
      <div className="agreement-controls">
        {device.status === 'running' ? (
          <button type="button" onClick={runtime.cancelDevice}>
            Cancel measurement
          </button>
        ) : (
          <button type="button" disabled={!ready || busy} onClick={() => void runtime.measureDevice()}>
            Measure this device
          </button>
        )}
        <output data-testid="device-status">{status}</output>
      </div>
      {report ? (
        <>
          <textarea readOnly value={report} rows={report.split('\n').length} data-testid="device-report" aria-label="Device measurement" />
          <button type="button" onClick={() => void copy()}>
            Copy the measurement
          </button>
          <output aria-live="polite">{copied}</output>
        </>
      ) : null}
    </section>
  );
}
