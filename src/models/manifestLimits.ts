// The bounds of a model-set manifest, apart from its schema (manifestSchema.ts) so that the
// page's main thread can check a manifest's text and a local file's size without loading zod.
/**
 * Memory budget: one step of a run holds x and x0 of both trajectories for a batch of up to 16
 * images, 16 x 2 x 2 float32 arrays of C x H x W values (the denoisers' image, and for a latent
 * set the decoder's output the previews show). At 65,536 values (4x128x128, 1x256x256) that is
 * 16 MiB a step, and the denoiser's guided call (32 images of x and eps) as much again. The
 * recorder keeps every step of the run shown as the bytes it draws (src/page/recorder.ts), so a
 * 50-step run at batch 16 at this limit holds about 350 MiB (800 MiB as float32): the limit
 * keeps a manifest from asking for unbounded memory; sets that stay far below it (the shipped
 * 1x28x28 is 784 values) are the ones the page is made for.
 */
export const MAX_IMAGE_VALUES = 65_536;

export const LIMITS = {
  /** The raw manifest.json, checked on the text before JSON.parse (manifestText.ts). */
  manifestBytes: 1_000_000,
  /** Nesting of objects and arrays in the raw text; a valid manifest nests 4 deep. */
  depth: 32,
  imageValues: MAX_IMAGE_VALUES,
  channels: 64,
  side: 4096,
  title: 200,
  id: 100,
  file: 255,
  className: 100,
  /** ImageNet's 1000; the null class may be one more (nullClass <= classes.length). */
  classes: 1000,
  /** schedule.T: training steps. */
  T: 100_000,
  /** defaults.steps; the page itself clamps its step count to 250 (src/view/settings.ts). */
  steps: 1000,
  guidance: 100,
  bytes: 2 ** 32,
  /**
   * A model file opened from disk, refused by its size before it is read: 512 MiB, under what
   * onnxruntime-web's 32-bit wasm heap (4 GiB, the model and its session's copies of the weights)
   * holds on a laptop or phone tab. The shipped models are 0.3 to 40 MB.
   */
  modelBytes: 512 * 2 ** 20,
  recordKeys: 32,
  recordKey: 50,
  recordString: 200,
} as const;
