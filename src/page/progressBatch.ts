// Download progress, batched for the store. The worker sends each file's progress up to ten times a
// second, and the wasm binary and the models download together. Every store write runs every
// component's selector and renders what changed, on the main thread, while the page starts up (what
// a slow phone, and Lighthouse's blocking time, feel). So the store hears the first message at once,
// then at most one batch per `ms`, each file's latest; and what is left when the models are open.
import type { ProgressMessage } from '../client/client';

export interface ProgressBatch {
  /** A file's progress: to the store now if nothing was written in the last `ms`, else with the next batch. */
  push(p: ProgressMessage): void;
  /** What is waiting, to the store now (the load is over: the runtime details show every file's last word). */
  flush(): void;
  /** Forget what is waiting (the load was superseded or failed). */
  drop(): void;
}

export function progressBatch(apply: (batch: ProgressMessage[]) => void, ms = 250): ProgressBatch {
  const waiting = new Map<string, ProgressMessage>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const write = () => {
    if (waiting.size === 0) return;
    const batch = [...waiting.values()];
    waiting.clear();
    apply(batch);
  };
  // Writes what waits and keeps the window open for `ms`; a window with nothing written closes.
  const tick = () => {
    timer = null;
    if (waiting.size === 0) return;
    write();
    timer = setTimeout(tick, ms);
  };
  const stop = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  return {
    push(p) {
      waiting.set(p.file, p);
      if (timer === null) tick();
    },
    flush() {
      stop();
      write();
    },
    drop() {
      stop();
      waiting.clear();
    },
  };
}
