import { PveAbortError } from '../errors.js';

/** Waits for a shared promise unless this caller's signal fires first. */
export function untilAborted<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new PveAbortError('request aborted'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new PveAbortError('request aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e as Error);
      },
    );
  });
}
