// Page side of the runtime: owns the worker, turns its messages into promises and callbacks.
// Imports no onnxruntime (that lives in the worker's module graph only).
import type { BackendChoice } from './backend';
import type { Manifest } from './manifest';
import type { GenerateParams, LoadedDenoiser, Reply, Request, Trajectory } from './protocol';

export type StepMessage = Extract<Reply, { type: 'step' }>;
export type TrajectoryMessage = Extract<Reply, { type: 'trajectory' }>;
export type LoadResult = Omit<Extract<Reply, { type: 'loaded' }>, 'type' | 'id'> & { denoisers: LoadedDenoiser[] };

export interface GenerateHandlers {
  onStep?(msg: StepMessage): void;
  onTrajectory?(msg: TrajectoryMessage): void;
}

export type GenerateOutcome = 'done' | 'cancelled';

interface Pending {
  resolve(reply: Reply): void;
  reject(error: Error): void;
  handlers?: GenerateHandlers;
}

type Distribute<T> = T extends unknown ? Omit<T, 'id'> : never;
type RequestBody = Distribute<Request>;

export function createRuntimeWorker(): Worker {
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'tstitch-runtime' });
}

export class RuntimeClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private pending = new Map<number, Pending>();

  constructor(private readonly makeWorker: () => Worker = createRuntimeWorker) {}

  /** Which backend the worker can use (asks navigator.gpu inside the worker). */
  async probe(): Promise<BackendChoice> {
    const r = await this.request({ type: 'probe' });
    if (r.type !== 'probed') throw new Error(`Unexpected reply ${r.type} to probe`);
    return { backend: r.backend, fallbackReason: r.fallbackReason };
  }

  /** Download, verify and open both denoisers; resolves with the backend actually used. */
  async load(manifestUrl: string, manifest: Manifest, backend: 'webgpu' | 'wasm'): Promise<LoadResult> {
    const r = await this.request({ type: 'load', manifestUrl, manifest, backend });
    if (r.type !== 'loaded') throw new Error(`Unexpected reply ${r.type} to load`);
    const { type: _t, id: _i, ...rest } = r;
    return rest;
  }

  /** Run stitched then large-only; `cancel()` on the returned handle aborts between steps. */
  generate(params: GenerateParams, handlers: GenerateHandlers): { done: Promise<GenerateOutcome>; cancel(): void } {
    const id = this.nextId++;
    const done = this.send(id, { type: 'generate', params }, handlers).then((r) => {
      if (r.type === 'done' || r.type === 'cancelled') return r.type;
      throw new Error(`Unexpected reply ${r.type} to generate`);
    });
    return { done, cancel: () => this.worker?.postMessage({ type: 'cancel', id: this.nextId++, target: id } satisfies Request) };
  }

  /** Release all sessions in the worker (the worker stays). */
  async release(): Promise<void> {
    if (this.worker) await this.request({ type: 'release' });
  }

  /** Stop the worker; pending calls reject. The next call starts a fresh one. */
  terminate(reason = 'The model worker was stopped.'): void {
    this.worker?.terminate();
    this.worker = null;
    this.failAll(new Error(reason));
  }

  private request(body: RequestBody): Promise<Reply> {
    return this.send(this.nextId++, body);
  }

  private send(id: number, body: RequestBody, handlers?: GenerateHandlers): Promise<Reply> {
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
    const p = this.pending.get(msg.id);
    if (!p) return;
    if (msg.type === 'step') return p.handlers?.onStep?.(msg);
    if (msg.type === 'trajectory') return p.handlers?.onTrajectory?.(msg);
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

export type { Trajectory };
