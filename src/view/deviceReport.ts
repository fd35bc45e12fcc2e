// "Measure this device": the fixed short benchmark's result as plain text a user can copy and send.
import type { BenchConfig, BenchResult } from '../core';

export interface DeviceContext {
  backend: string;
  /** The WebGPU adapter, or why wasm runs instead. */
  detail?: string;
  models: string;
  userAgent: string;
  date: string;
}

const x = (v: number) => `${v.toFixed(2)}x`;

export function deviceReport(result: BenchResult, config: BenchConfig, ctx: DeviceContext): string {
  const at = (r: number) => result.rows.find((row) => Math.abs(row.fraction - r) < 1e-9);
  const mid = at(0.4) ?? result.rows.find((row) => row.fraction > 0 && row.fraction < 1);
  const lines = [
    `T-Stitch in the browser: device measurement, ${ctx.date}`,
    `Backend: ${ctx.backend}${ctx.detail ? ` (${ctx.detail})` : ''}`,
    `Browser: ${ctx.userAgent}`,
    `Models: ${ctx.models}`,
    `One call on ${result.imagesPerCall} images: small ${result.callMs.small.toFixed(2)} ms, large ${result.callMs.large.toFixed(2)} ms ` +
      `(time ratio ${result.callTimeCostRatio.toFixed(3)}, FLOP ratio ${result.flopCostRatio.toFixed(3)})`,
  ];
  if (mid) {
    lines.push(
      `r = ${mid.fraction}: stitched ${mid.msPerImage.toFixed(1)} ms per image against ${mid.largeMsPerImage.toFixed(1)} large-only: ` +
        `speed-up ${x(mid.speedup)} (FLOP limit ${x(mid.flopLimitSpeedup)}, call-time limit ${mid.callTimeLimitSpeedup === null ? 'n/a' : x(mid.callTimeLimitSpeedup)}, efficiency ${mid.efficiency.toFixed(3)})`,
    );
  }
  for (const r of [0, 1]) {
    const row = at(r);
    if (row)
      lines.push(
        `r = ${r}: speed-up ${x(row.speedup)} (${r === 0 ? 'the same computation twice: the noise of this measurement' : `FLOP limit ${x(row.flopLimitSpeedup)}`})`,
      );
  }
  lines.push(
    `Settings: ${config.sampler.toUpperCase()} ${config.steps} steps, ${config.batch} image, guidance ${config.guidance}, ` +
      `${config.repeats} interleaved pairs per r, medians; sampler overhead ${(100 * result.samplerOverheadShare).toFixed(1)}% of the time`,
  );
  return lines.join('\n');
}
