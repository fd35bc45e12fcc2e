/** One promise chain: jobs run one at a time, in the order they were queued. */
export type RunQueue = <T>(job: () => Promise<T>) => Promise<T>;

/**
 * Sessions that share one onnxruntime module share one queue: its runs never overlap
 * ("Session already started" and GPU contention otherwise). A failed job does not stop the chain.
 */
export function createRunQueue(): RunQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(job: () => Promise<T>): Promise<T> => {
    const result = tail.then(job);
    tail = result.catch(() => undefined);
    return result;
  };
}
