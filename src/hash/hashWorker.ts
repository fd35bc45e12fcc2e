// The hash worker's entry (src/page/hashClient.ts starts it): each request answered by hashFile.ts.
import { answer } from './hashFile';
import type { HashRequest } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (event: MessageEvent<HashRequest>) => void answer(event.data, (reply) => self.postMessage(reply));
