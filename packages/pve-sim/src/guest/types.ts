/** What one guest command produced; `durationMs` is simulated time until it exits. */
export interface GuestRun {
  stdout: string;
  stderr: string;
  exitcode: number;
  durationMs: number;
}

/** What the simulated guest knows about itself. */
export interface GuestEnv {
  hostname: string;
  osRelease: Record<string, string>;
}

/** Simulated time every process takes before it exits (fork, exec, agent round trip). */
export const BASE_DURATION_MS = 50;
