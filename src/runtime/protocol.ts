// Messages between the page (client.ts) and the runtime worker (worker.ts).
// Every request carries an `id`; every reply names the request it answers.
import type { Manifest, Role } from './manifest';

export type Trajectory = 'stitched' | 'large';

/** What one generation runs: the stitched trajectory, then the large-only one, from the same x_T. */
export interface GenerateParams {
  steps: number;
  /** Share of the steps on the small model (first round(fraction * steps) steps). */
  fraction: number;
  seed: number;
  /** Class id of the single image generated (batch 1). */
  classId: number;
  guidance: number;
  sampler: 'ddim' | 'ddpm';
  eta: number;
}

export interface LoadedDenoiser {
  id: string;
  role: Role;
  file: string;
  bytes: number;
}

export type Request =
  /** Which backend this browser can use. -> `probed` */
  | { type: 'probe'; id: number }
  /** Download, verify and open both denoisers of `manifest` (fetched from `manifestUrl`). -> `loaded` */
  | { type: 'load'; id: number; manifestUrl: string; manifest: Manifest; backend: 'webgpu' | 'wasm' }
  /** Run both trajectories. -> `step`*, `trajectory` x2, then `done` (or `cancelled` / `error`) */
  | { type: 'generate'; id: number; params: GenerateParams }
  /** Abort the generation whose request id is `target`. No reply of its own. */
  | { type: 'cancel'; id: number; target: number }
  /** Release all sessions. -> `released` */
  | { type: 'release'; id: number };

export type Reply =
  | { type: 'probed'; id: number; backend: 'webgpu' | 'wasm'; fallbackReason?: string }
  | {
      type: 'loaded';
      id: number;
      backend: 'webgpu' | 'wasm';
      /** Set when WebGPU was requested or unavailable and wasm is used instead. */
      fallbackReason?: string;
      denoisers: LoadedDenoiser[];
      loadMs: number;
    }
  | {
      type: 'step';
      id: number;
      trajectory: Trajectory;
      /** 0-based step index, `steps` in all. */
      index: number;
      steps: number;
      t: number;
      role: Role;
      /** x_t after this step, [C, H, W] in [-1, 1]-ish. */
      x: Float32Array;
      /** The model's predicted clean image at this step, [C, H, W], clipped to [-1, 1]. */
      x0: Float32Array;
    }
  | {
      type: 'trajectory';
      id: number;
      trajectory: Trajectory;
      /** Wall time of the whole trajectory's sampling loop in the worker, milliseconds. */
      ms: number;
      calls: Record<Role, number>;
    }
  | { type: 'done'; id: number }
  | { type: 'cancelled'; id: number }
  | { type: 'released'; id: number }
  | { type: 'error'; id: number; message: string };
