// What the previews of a latent set show at each step: the decoder's images of x_t and x0, or,
// on the steps it does not decode, a preview of the latent itself (no model call). Decoding every
// step costs one decoder call per step and trajectory; the page lets people choose, and says what
// it cost (as web-stable-diffusion does).
import type { ImageShape, StepInfo } from '../core';
import type { DecoderSession } from '../models/decoder';
import type { StepMessage } from './protocol';

/**
 * The latent drawn at the image's size: its first channels as grey or RGB (the last repeated when
 * there are fewer), nearest-neighbour. Not the picture, but where it is heading.
 */
export function latentPreview(x: Float32Array, n: number, latent: ImageShape, out: ImageShape): Float32Array {
  const { channels: c, height: h, width: w } = latent;
  const { channels: oc, height: H, width: W } = out;
  const result = new Float32Array(n * oc * H * W);
  for (let k = 0; k < n; k++) {
    for (let ch = 0; ch < oc; ch++) {
      const src = k * c * h * w + Math.min(ch, c - 1) * h * w;
      const dst = (k * oc + ch) * H * W;
      for (let Y = 0; Y < H; Y++) {
        const row = src + Math.floor((Y * h) / H) * w;
        for (let X = 0; X < W; X++) result[dst + Y * W + X] = x[row + Math.floor((X * w) / W)];
      }
    }
  }
  return result;
}

/** What a step message shows (protocol.ts StepMessage): `decoded` is false for a latent preview. */
export type ShownStep = Required<Pick<StepMessage, 'x' | 'x0' | 'decoded'>>;

export interface StepDecoder {
  show(info: StepInfo, n: number): Promise<ShownStep>;
  /** Decoder calls made and the milliseconds they took. */
  cost(): { calls: number; ms: number };
}

/** Decodes x_t and x0 in one call ([x; x0], divided by the latent scale) on every step, or the last only. */
export function createStepDecoder(
  decoder: DecoderSession,
  latent: ImageShape,
  out: ImageShape,
  latentScale: number,
  everyStep: boolean,
): StepDecoder {
  let calls = 0;
  let ms = 0;
  return {
    async show(info, n) {
      if (!everyStep && info.index !== info.steps - 1) {
        return { x: latentPreview(info.x, n, latent, out), x0: latentPreview(info.x0, n, latent, out), decoded: false };
      }
      const both = new Float32Array(info.x.length * 2);
      for (let i = 0; i < info.x.length; i++) {
        both[i] = info.x[i] / latentScale;
        both[info.x.length + i] = info.x0[i] / latentScale;
      }
      const start = performance.now();
      const images = await decoder.decode(both, 2 * n);
      ms += performance.now() - start;
      calls++;
      const half = images.length / 2;
      return { x: images.slice(0, half), x0: images.slice(half), decoded: true };
    },
    cost: () => ({ calls, ms }),
  };
}
