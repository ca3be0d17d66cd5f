import { setTimeout as delay } from 'node:timers/promises';

/**
 * Waits `ms`, or less when `signal` aborts: true when the time passed, false when aborted.
 * Node's timer promise removes its abort listener either way, so the many short waits of a long
 * job leave no listener behind on the job's signal.
 */
export async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await delay(ms, undefined, { signal });
    return true;
  } catch (err) {
    if (signal.aborted) return false;
    throw err;
  }
}
