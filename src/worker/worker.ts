/// <reference lib="webworker" />
// The runtime worker's entry: hands runtime.ts the real dependencies (onnxruntime-web, the Cache
// API, the GPU device) and feeds it every message. Sessions live and die in this worker only.
import { fetchManifest } from '../models/readManifest';
import { chooseBackend } from './backend';
import { openModels } from './openModels';
import { loadedWasmUrls, webGpuDevice } from './ortWeb';
import type { Request } from './protocol';
import { createWorkerRuntime } from './runtime';

declare const self: DedicatedWorkerGlobalScope;

/** A MessageChannel round trip is a task (about 0.05 ms; a setTimeout(0) would be clamped to 4 ms). */
function yieldToMessages(): Promise<void> {
  return new Promise<void>((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * The reason once the GPU device onnxruntime uses is lost (driver reset, GPU process crash).
 * Nothing in this worker can carry on then: a model call in flight never settles, and the wasm
 * module that hosts both backends refuses any other call while it waits ("Session already
 * started"). So the page replaces this worker with one on wasm and runs again (src/page/opening.ts).
 */
async function deviceLost(): Promise<string> {
  const device = await webGpuDevice();
  if (!device) return new Promise<string>(() => {});
  const info = await device.lost;
  return `The GPU device was lost (${info.reason}${info.message ? `: ${info.message}` : ''}).`;
}

/**
 * The wasm binaries by name: read from the shell cache it leaves no resource entry, and the service
 * worker drops hashed files the page does not list. Model files are kept by the worker itself.
 */
function resources(): string[] {
  const all = [self.location.href, ...loadedWasmUrls(), ...performance.getEntriesByType('resource').map((e) => e.name)];
  return all.filter((u) => new URL(u).origin === self.location.origin && !u.endsWith('.onnx'));
}

const runtime = createWorkerRuntime({
  post: (msg, transfer = []) => self.postMessage(msg, transfer),
  origin: self.location.origin,
  probe: (softwareGpu) => chooseBackend(undefined, undefined, softwareGpu),
  readManifest: (url) => fetchManifest(url),
  open: openModels,
  deviceLost,
  resources,
  yieldToMessages,
});

self.onmessage = (event: MessageEvent<Request>) => void runtime.handle(event.data);
