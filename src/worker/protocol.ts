// Messages between the page (src/client/client.ts) and the runtime worker (worker.ts).
// Every request carries an `id`; every reply names the request it answers. Types only: the page
// imports this file for its types, never for code.
import type { BenchConfig, BenchResult, ImageShape, ModelRole, PlanSpec, SamplerName, StepCounts } from '../core';
import type { Manifest } from '../models/manifest';

/**
 * The two trajectories of a generation: stitched (left), and the baseline it is compared with
 * (right): the large model alone unless the comparison says otherwise (fewer steps, large-first,
 * interleaved: those run the small model too).
 */
export type Trajectory = 'stitched' | 'baseline';

export type BackendName = 'webgpu' | 'wasm';

/** Which backend a browser can use, and why not WebGPU when it cannot. */
export interface BackendChoice {
  backend: BackendName;
  /** Why WebGPU is not used; absent when it is. */
  fallbackReason?: string;
  /** The adapter WebGPU would use, in words; absent on wasm. */
  adapter?: string;
  /** True when that adapter is a software one, used because the link asked for it (backend.ts). */
  software?: boolean;
}

/** The settings both trajectories of a generation share: same seed, so the same x_T. */
export interface SamplingParams {
  seed: number;
  /** One class id per image; its length is the batch size. */
  classes: number[];
  guidance: number;
  sampler: SamplerName;
  eta: number;
}

/** What one generation runs: the stitched plan and its comparison's, as data. */
export interface GenerateParams extends SamplingParams {
  plans: Record<Trajectory, PlanSpec>;
  /** A latent set: decode x_t and x0 at every step (one decoder call each), else at the last step only. */
  decodeEveryStep?: boolean;
}

/** The agreement runs the large-only trajectory of `steps` steps. */
export interface AgreementParams extends SamplingParams {
  steps: number;
}

/** Where a file the page waits for came from, and whether a copy stays in this browser for the next visit. */
export interface FileKept {
  /** Where the bytes came from: this browser's Cache API, the network, or the user's disk (a local set). */
  source: 'cache' | 'network' | 'disk';
  /** True when a copy is in this browser's Cache API (it was read from there, or stored now). */
  stored: boolean;
  /** Why no copy was stored (no Cache API in this context, the storage quota is full, ...); absent when stored. */
  notStored?: string;
}

export interface LoadedDenoiser extends FileKept {
  id: string;
  role: ModelRole;
  file: string;
  bytes: number;
}

/** onnxruntime's wasm binary as the runtime worker got it (src/worker/shellCache.ts). */
export interface RuntimeBinary extends FileKept {
  /** Its absolute URL, and the file name shown on the page. */
  url: string;
  file: string;
  bytes: number;
  /**
   * The threads onnxruntime's wasm backend runs with (ort.env.wasm.numThreads): more than 1 only in a
   * cross-origin isolated worker (SharedArrayBuffer). Absent from workers that predate the field.
   */
  threads?: number;
}

/** What a download is for: a model of the set, or onnxruntime's wasm binary (the runtime). */
export type DownloadRole = ModelRole | 'runtime' | 'decoder';

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

/**
 * One step of a trajectory, as the worker reports it: THE step type across the worker boundary
 * (the client hands it to the page, the page's recorder keeps its pixels). Core's StepInfo is the
 * sampler's own report, inside the worker.
 */
export interface StepMessage {
  type: 'step';
  id: number;
  trajectory: Trajectory;
  /** 0-based step index, `steps` in all. */
  index: number;
  steps: number;
  t: number;
  role: ModelRole;
  /** This trajectory's model time so far, milliseconds. */
  elapsedMs: number;
  /** The shape of one image of `x` and `x0`: the manifest's `image`, or a latent set's decoder output (models/manifest.ts displayShape). */
  image: ImageShape;
  /** x_t after this step, [N, C, H, W] in [-1, 1]-ish; a latent set's as the previews show it (decode.ts). */
  x: Float32Array;
  /** The model's predicted clean images at this step, [N, C, H, W], clipped to [-1, 1]. */
  x0: Float32Array;
  /** A latent set: true when the decoder drew x and x0, false for a preview of the latent. */
  decoded?: boolean;
}

export type Request =
  /** Which backend this browser can use; `softwareGpu`: a software WebGPU adapter may be used (the link's gpu=software). -> `probed` */
  | { type: 'probe'; id: number; softwareGpu?: boolean }
  /**
   * Fetch and check a served set's manifest (models/readManifest.ts): here rather than on the page,
   * whose start-up would otherwise build the manifest's schema on its main thread. -> `manifest`
   */
  | { type: 'manifest'; id: number; url: string }
  /**
   * Download (or read from cache), verify and open the denoisers of `manifest` in `roles`, after cancelling
   * the runs in flight and releasing the models open before; the first load also fetches onnxruntime's
   * wasm binary. -> `progress`* (every file it waits for, from its first bytes), `loaded`
   */
  | {
      type: 'load';
      id: number;
      manifestUrl: string;
      manifest: Manifest;
      backend: BackendName;
      roles: ModelRole[];
      /** A set opened from the user's disk: its files by the manifest's `file`, read from here, never fetched. */
      local?: Record<string, Blob>;
      /** As in `probe`: a software WebGPU adapter may be used. */
      softwareGpu?: boolean;
    }
  /** Run both trajectories. -> `step`*, `trajectory` x2, then `done` (or `cancelled` / `error`) */
  | { type: 'generate'; id: number; params: GenerateParams }
  /** Both models along the large-only trajectory of `params`. -> `agreement`*, then `done` (or `cancelled` / `error`) */
  | { type: 'agreement'; id: number; params: AgreementParams }
  /** Time stitched against large-only sampling on the open models (core/bench.ts). -> `bench-progress`*, `bench-result`, `done` */
  | { type: 'bench'; id: number; config: BenchConfig }
  /** Abort the run whose request id is `target`. No reply of its own: the run answers `cancelled`. */
  | { type: 'cancel'; id: number; target: number };

export type Reply =
  | ({ type: 'probed'; id: number } & BackendChoice)
  | { type: 'manifest'; id: number; manifest: Manifest }
  | {
      type: 'progress';
      id: number;
      /** The file's name (a model's, as in the manifest, or the wasm binary's). */
      file: string;
      role: DownloadRole;
      /** Bytes received so far (all of them at once when read from the cache). */
      loaded: number;
      /** Expected size in bytes (Content-Length, else the manifest's), 0 when unknown. */
      total: number;
      source: FileKept['source'];
    }
  | {
      type: 'loaded';
      id: number;
      backend: BackendName;
      /** Set when WebGPU was requested or unavailable and wasm is used instead. */
      fallbackReason?: string;
      /** The WebGPU adapter in use, in words (vendor, architecture, description). */
      adapter?: string;
      denoisers: LoadedDenoiser[];
      /** Absent when onnxruntime fetched its binary itself (the worker's own fetch failed). */
      runtime?: RuntimeBinary;
      loadMs: number;
      /** Same-origin files the worker fetched (its script, the wasm binary): for the offline cache. */
      resources: string[];
    }
  | StepMessage
  | {
      type: 'trajectory';
      id: number;
      trajectory: Trajectory;
      /** Milliseconds spent in this trajectory's own model calls. */
      ms: number;
      /** The same per model; with `calls`, what one call of each model takes in this browser. */
      modelMs: Record<ModelRole, number>;
      calls: StepCounts;
      /** Calls timed again: far slower than their model's settled time, what was left of warm-up (core/warmup.ts). */
      retimed?: number;
      /** The pair was timed once more (without drawing): the first timing was faster than the FLOPs allow. */
      retaken?: boolean;
      /** A latent set: the decoder calls this trajectory's previews took (not in `ms`). */
      decode?: { calls: number; ms: number };
    }
  | ({ type: 'agreement'; id: number } & AgreementPoint)
  | { type: 'bench-progress'; id: number; message: string }
  | { type: 'bench-result'; id: number; result: BenchResult }
  /** The GPU device was lost: this worker can run nothing more (see runtime.ts). Not tied to a request: id 0. */
  | { type: 'device-lost'; id: number; reason: string }
  | { type: 'done'; id: number }
  | { type: 'cancelled'; id: number }
  | { type: 'error'; id: number; message: string };
