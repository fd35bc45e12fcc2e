// The page's handle on the runtime worker (src/worker/): owns the worker, turns its messages into
// promises and callbacks. Imports no onnxruntime: that lives in the worker's module graph only.
import type { BenchConfig, BenchResult, ModelRole } from '../core';
import type { Manifest } from '../models/manifest';
import type {
  AgreementParams,
  AgreementPoint,
  BackendChoice,
  BackendName,
  GenerateParams,
  LoadedDenoiser,
  Reply,
  Request,
  StepMessage,
} from '../worker/protocol';

export type TrajectoryMessage = Extract<Reply, { type: 'trajectory' }>;
export type ProgressMessage = Omit<Extract<Reply, { type: 'progress' }>, 'type' | 'id'>;
export type LoadResult = Omit<Extract<Reply, { type: 'loaded' }>, 'type' | 'id'> & { denoisers: LoadedDenoiser[] };

export interface Handlers {
  onStep?(msg: StepMessage): void;
  onTrajectory?(msg: TrajectoryMessage): void;
  onProgress?(msg: ProgressMessage): void;
  onAgreement?(point: AgreementPoint): void;
  onBenchProgress?(message: string): void;
  onBenchResult?(result: BenchResult): void;
}

export type GenerateOutcome = 'done' | 'cancelled';

/** A run in the worker: `done` settles when it ends; `cancel()` aborts it between steps. */
export interface RunHandle {
  done: Promise<GenerateOutcome>;
  cancel(): void;
}

interface Pending {
  resolve(reply: Reply): void;
  reject(error: Error): void;
  handlers?: Handlers;
}

type Distribute<T> = T extends unknown ? Omit<T, 'id'> : never;
type RequestBody = Distribute<Request>;

function createRuntimeWorker(): Worker {
  return new Worker(new URL('../worker/worker.ts', import.meta.url), { type: 'module', name: 'tstitch-runtime' });
}

export class RuntimeClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  /** The link asks for a software WebGPU adapter to be used, if that is all there is (gpu=software). */
  softwareGpu = false;
  /** Called when the worker's GPU device is lost; the worker is of no further use (terminate it). */
  onDeviceLost: ((reason: string) => void) | null = null;

  constructor(private readonly makeWorker: () => Worker = createRuntimeWorker) {}

  /** Which backend the worker can use (asks navigator.gpu inside the worker). */
  async probe(): Promise<BackendChoice> {
    const r = await this.request({ type: 'probe', softwareGpu: this.softwareGpu });
    if (r.type !== 'probed') throw new Error(`Unexpected reply ${r.type} to probe`);
    return { backend: r.backend, fallbackReason: r.fallbackReason, adapter: r.adapter, software: r.software };
  }

  /** A served set's manifest, fetched and checked in the worker (models/readManifest.ts: errors name the URL and the field). */
  async manifest(url: string): Promise<Manifest> {
    const r = await this.request({ type: 'manifest', url });
    if (r.type !== 'manifest') throw new Error(`Unexpected reply ${r.type} to manifest`);
    return r.manifest;
  }

  /** Download (or read from cache), verify and open both denoisers; resolves with the backend actually used. */
  async load(
    manifestUrl: string,
    manifest: Manifest,
    backend: BackendName,
    onProgress?: (msg: ProgressMessage) => void,
    roles: ModelRole[] = ['small', 'large'],
    local?: Record<string, Blob>,
  ): Promise<LoadResult> {
    const r = await this.send(
      this.nextId++,
      { type: 'load', manifestUrl, manifest, backend, roles, local, softwareGpu: this.softwareGpu },
      { onProgress },
    );
    if (r.type !== 'loaded') throw new Error(`Unexpected reply ${r.type} to load`);
    const { type: _t, id: _i, ...rest } = r;
    return rest;
  }

  /** Run stitched then large-only from the same seed. */
  generate(params: GenerateParams, handlers: Handlers): RunHandle {
    return this.run({ type: 'generate', params }, handlers);
  }

  /** Both models' agreement along the large-only trajectory of `params` (extra model calls). */
  agreement(params: AgreementParams, onPoint: (point: AgreementPoint) => void): RunHandle {
    return this.run({ type: 'agreement', params }, { onAgreement: onPoint });
  }

  /**
   * Time stitched against large-only sampling on the open models (core/bench.ts), in the worker,
   * as the page's own runs are. `done` settles after the result has been handed to onResult.
   */
  bench(config: BenchConfig, onProgress: (message: string) => void, onResult: (result: BenchResult) => void): RunHandle {
    return this.run({ type: 'bench', config }, { onBenchProgress: onProgress, onBenchResult: onResult });
  }

  /** Stop the worker; pending calls reject with `reason`. The next call starts a fresh one. */
  terminate(reason = 'The model worker was stopped.'): void {
    this.worker?.terminate();
    this.worker = null;
    this.failAll(new Error(reason));
  }

  private run(body: Extract<RequestBody, { type: 'generate' | 'agreement' | 'bench' }>, handlers: Handlers): RunHandle {
    const id = this.nextId++;
    const done = this.send(id, body, handlers).then((r) => {
      if (r.type === 'done' || r.type === 'cancelled') return r.type;
      throw new Error(`Unexpected reply ${r.type} to ${body.type}`);
    });
    return { done, cancel: () => this.worker?.postMessage({ type: 'cancel', id: this.nextId++, target: id } satisfies Request) };
  }

  private request(body: RequestBody): Promise<Reply> {
    return this.send(this.nextId++, body);
  }

  private send(id: number, body: RequestBody, handlers?: Handlers): Promise<Reply> {
    const worker = this.ensureWorker();
    return new Promise<Reply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, handlers });
      worker.postMessage({ ...body, id } as Request);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = this.makeWorker();
    worker.onmessage = (e: MessageEvent<Reply>) => this.onReply(e.data);
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.terminate(`The model worker crashed: ${e.message || 'it could not be started (see the browser console)'}`);
    };
    worker.onmessageerror = () => this.terminate('The model worker sent a message that could not be read.');
    this.worker = worker;
    return worker;
  }

  private onReply(msg: Reply): void {
    if (msg.type === 'device-lost') return this.onDeviceLost?.(msg.reason);
    const p = this.pending.get(msg.id);
    if (!p) return;
    switch (msg.type) {
      case 'step':
        return p.handlers?.onStep?.(msg);
      case 'trajectory':
        return p.handlers?.onTrajectory?.(msg);
      case 'progress': {
        const { type: _t, id: _i, ...rest } = msg;
        return p.handlers?.onProgress?.(rest);
      }
      case 'agreement': {
        const { type: _t, id: _i, ...point } = msg;
        return p.handlers?.onAgreement?.(point);
      }
      case 'bench-progress':
        return p.handlers?.onBenchProgress?.(msg.message);
      case 'bench-result':
        return p.handlers?.onBenchResult?.(msg.result);
    }
    this.pending.delete(msg.id);
    if (msg.type === 'error') p.reject(new Error(msg.message));
    else p.resolve(msg);
  }

  private failAll(error: Error): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(error);
  }
}
