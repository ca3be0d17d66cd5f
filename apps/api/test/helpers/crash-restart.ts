import { startSimulator, type RunningSimulator } from '@labforge/pve-sim';
import Database from 'better-sqlite3';
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from '../../src/app.js';
import { createClusterHandles } from '../../src/clusters/runtime.js';
import { parseConfig } from '../../src/config/load.js';
import type { AppConfigInput } from '../../src/config/schema.js';
import { createLogger } from '../../src/logger.js';
import { realEngine } from '../../src/start.js';
import { killChild, startChild, waitFor } from './api-process.js';
import { FAST_CLIENT, simConfig, testSeed } from './harness.js';
import { simControl } from './sim-control.js';

export interface StalledApi {
  sim: RunningSimulator;
  child: ChildProcess;
  url: string;
  raw: AppConfigInput;
}

/**
 * A simulator and the API as a killable child process on `dataDir`, with a stall (by default
 * every task-status poll hangs): whatever the API builds sits in its create step until the
 * process is killed.
 */
export async function startStalledApi(
  dataDir: string,
  stall: Record<string, unknown> = {
    method: 'GET',
    path: '/nodes/*/tasks/*/status',
    effect: { type: 'delay', ms: 60_000 },
  },
  opts: { seed?: ReturnType<typeof testSeed>; config?: Partial<AppConfigInput> } = {},
): Promise<StalledApi> {
  const sim = await startSimulator({ seed: opts.seed ?? testSeed(), https: true, taskSpeed: 50 });
  const raw = { ...simConfig(sim, dataDir, opts.config), port: 0, host: '127.0.0.1' };
  const configFile = join(dataDir, 'config.json');
  writeFileSync(configFile, JSON.stringify(raw));
  const { child, url } = await startChild(configFile);
  await simControl(sim, 'POST', '/_sim/faults', stall);
  return { sim, child, url, raw };
}

/** Waits until the job's persisted checkpoint satisfies `pick` (read straight from SQLite). */
export async function waitForCheckpoint<T>(
  dataDir: string,
  jobId: string,
  what: string,
  pick: (checkpoint: string | null) => T | undefined,
): Promise<T> {
  const db = new Database(join(dataDir, 'labforge.db'), { readonly: true });
  try {
    return await waitFor(what, () => {
      const row = db.prepare('SELECT checkpoint FROM jobs WHERE id = ?').get(jobId) as {
        checkpoint: string | null;
      };
      return pick(row.checkpoint);
    });
  } finally {
    db.close();
  }
}

/** SIGKILLs the child, lifts the stall, and starts a new API in-process on the same data. */
export async function killAndRestart(api: StalledApi) {
  await killChild(api.child);
  await simControl(api.sim, 'DELETE', '/_sim/faults');
  const config = parseConfig(api.raw);
  const logger = createLogger('silent');
  return buildApp({
    config,
    logger,
    clusters: createClusterHandles(config, logger, realEngine, FAST_CLIENT),
  });
}
