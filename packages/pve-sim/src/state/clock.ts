/** Simulated wall clock: real time plus an offset that tests move forward (ticket expiry, task times). */
export interface SimClock {
  /** Milliseconds since the epoch, simulated. */
  now(): number;
  advance(ms: number): void;
}

export function createClock(startMs?: number): SimClock {
  let offset = startMs === undefined ? 0 : startMs - Date.now();
  return {
    now: () => Date.now() + offset,
    advance: (ms: number) => {
      offset += ms;
    },
  };
}

export function unixTime(clock: SimClock): number {
  return Math.floor(clock.now() / 1000);
}
