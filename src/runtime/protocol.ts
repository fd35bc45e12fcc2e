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
  /** One class id per image; its length is the batch size. */
  classes: number[];
  guidance: number;
  sampler: 'ddim' | 'ddpm';
  eta: number;
}

export interface LoadedDenoiser {
  id: string;
  role: Role;
  file: string;
  bytes: number;
  /** Where the verified bytes came from: this browser's Cache API, or the network. */
  source: 'cache' | 'network';
}

/** Per-step agreement of the two models on the large-only trajectory (T-Stitch Fig. 3). */
export interface AgreementPoint {
  /** 0-based step index, `steps` in all. */
  index: number;
  steps: number;
  t: number;
  /** Cosine similarity of the guided eps predictions, averaged over the batch. */
  eps: number;
  /** Cosine similarity of the predicted clean images x0, averaged over the batch. */
  x0: number;
}

export type Request =
  /** Which backend this browser can use. -> `probed` */
  | { type: 'probe'; id: number }
  /** Download (or read from cache), verify and open both denoisers of `manifest`. -> `progress`*, `loaded` */
  | { type: 'load'; id: number; manifestUrl: string; manifest: Manifest; backend: 'webgpu' | 'wasm' }
  /** Run both trajectories. -> `step`*, `trajectory` x2, then `done` (or `cancelled` / `error`) */
  | { type: 'generate'; id: number; params: GenerateParams }
  /** Both models along the large-only trajectory of `params`. -> `agreement`*, then `done` (or `cancelled` / `error`) */
  | { type: 'agreement'; id: number; params: GenerateParams }
  /** Abort the generation or agreement run whose request id is `target`. No reply of its own. */
  | { type: 'cancel'; id: number; target: number }
  /** Release all sessions. -> `released` */
  | { type: 'release'; id: number };

export type Reply =
  | { type: 'probed'; id: number; backend: 'webgpu' | 'wasm'; fallbackReason?: string; adapter?: string }
  | {
      type: 'progress';
      id: number;
      file: string;
      role: Role;
      /** Bytes received so far (all of them at once when read from the cache). */
      loaded: number;
      /** Expected size in bytes (Content-Length, else the manifest's), 0 when unknown. */
      total: number;
      source: 'cache' | 'network';
    }
  | {
      type: 'loaded';
      id: number;
      backend: 'webgpu' | 'wasm';
      /** Set when WebGPU was requested or unavailable and wasm is used instead. */
      fallbackReason?: string;
      /** The WebGPU adapter in use, in words (vendor, architecture, description). */
      adapter?: string;
      denoisers: LoadedDenoiser[];
      loadMs: number;
      /** False when this context has no Cache API (models are downloaded on every visit). */
      cacheAvailable: boolean;
      /** Same-origin files the worker fetched (its script, the wasm binary): for the offline cache. */
      resources: string[];
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
      /** Milliseconds since this trajectory started. */
      elapsedMs: number;
      /** x_t after this step, [N, C, H, W] in [-1, 1]-ish. */
      x: Float32Array;
      /** The model's predicted clean images at this step, [N, C, H, W], clipped to [-1, 1]. */
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
  | ({ type: 'agreement'; id: number } & AgreementPoint)
  /** The GPU device was lost: this worker can run nothing more (see worker.ts). Not tied to a request: id 0. */
  | { type: 'device-lost'; id: number; reason: string }
  | { type: 'done'; id: number }
  | { type: 'cancelled'; id: number }
  | { type: 'released'; id: number }
  | { type: 'error'; id: number; message: string };
