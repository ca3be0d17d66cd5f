import { createPveClient, type PveClient } from '@labforge/pve-client';
import {
  classroomCredentials,
  startSimulator,
  type RunningSimulator,
  type SimSeed,
} from '@labforge/pve-sim';
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { BuilderError, createBuilderEngine } from '../../src/index.js';
import type {
  BuildContext,
  BuildEvent,
  BuilderEngine,
  ClusterRuntime,
  EngineDeps,
} from '../../src/index.js';
import { violations, type JournalEntry } from './conformance.js';

export { classroomCredentials };

export type Auth = 'token' | 'nodownload' | 'ticket';

export interface SimEnv {
  sim: RunningSimulator;
  client: PveClient;
  engine: BuilderEngine;
  cluster: ClusterRuntime;
  control: Control;
  /** Journal requests (since the last call) that the official PVE schema would refuse. */
  nonConforming(): Promise<string[]>;
  /** Number of journal entries checked so far. */
  checked(): number;
  close(): Promise<void>;
}

export interface Control {
  call<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  fault(rule: Record<string, unknown>): Promise<void>;
  clearFaults(): Promise<void>;
  reset(): Promise<void>;
  advanceClock(seconds: number): Promise<void>;
  setNode(node: string, online: boolean): Promise<void>;
  setStorage(
    storage: string,
    body: { used?: number; total?: number; node?: string },
  ): Promise<void>;
}

function controlFor(url: string): Control {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await request(`${url}${path}`, {
      method: method as 'GET',
      ...(body !== undefined
        ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }
        : {}),
    });
    const text = await res.body.text();
    if (res.statusCode >= 400) throw new Error(`${method} ${path}: ${res.statusCode} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    call,
    fault: async (rule) => void (await call('POST', '/_sim/faults', rule)),
    clearFaults: async () => void (await call('DELETE', '/_sim/faults')),
    reset: async () => void (await call('POST', '/_sim/reset')),
    advanceClock: async (seconds) => void (await call('POST', '/_sim/clock', { advance: seconds })),
    setNode: async (node, online) => void (await call('POST', `/_sim/nodes/${node}`, { online })),
    setStorage: async (storage, body) =>
      void (await call('POST', `/_sim/storages/${storage}`, body)),
  };
}

export function clientFor(
  sim: RunningSimulator,
  auth: Auth = 'token',
  now?: () => number,
): PveClient {
  const cred =
    auth === 'ticket'
      ? { kind: 'ticket' as const, ...classroomCredentials.user }
      : {
          kind: 'token' as const,
          tokenId: (auth === 'token'
            ? classroomCredentials.builderToken
            : classroomCredentials.noDownloadToken
          ).tokenid,
          secret: (auth === 'token'
            ? classroomCredentials.builderToken
            : classroomCredentials.noDownloadToken
          ).secret,
        };
  return createPveClient({
    endpoints: [sim.url],
    auth: cred,
    ...(now ? { now } : {}),
    // Test speed: the simulator runs tasks 1000x faster, so poll quickly too.
    retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 20 },
  });
}

export interface EnvOptions {
  seed?: SimSeed | 'classroom';
  auth?: Auth;
  ssh?: boolean;
  virtio?: ClusterRuntime['virtio'];
  deps?: EngineDeps;
  taskSpeed?: number;
}

export async function startEnv(opts: EnvOptions = {}): Promise<SimEnv> {
  const sim = await startSimulator({
    seed: opts.seed ?? 'classroom',
    taskSpeed: opts.taskSpeed ?? 500,
    ...(opts.ssh ? { sshPort: 0 } : {}),
  });
  const client = clientFor(sim, opts.auth ?? 'token');
  const cluster: ClusterRuntime = {
    id: 'classroom',
    name: 'Classroom',
    client,
    webUiUrl: 'https://pve1.classroom.lan:8006',
    virtio: opts.virtio ?? { url: 'http://127.0.0.1:9/virtio-win.iso' },
    defaults: { bridge: 'vmbr0' },
  };
  const engine = createBuilderEngine(cluster, { isoCacheTtlMs: 0, ...opts.deps });
  const control = controlFor(sim.url);
  let seen = 0;
  let count = 0;
  return {
    sim,
    client,
    engine,
    cluster,
    control,
    nonConforming: async () => {
      const entries = await control.call<JournalEntry[]>('GET', `/_sim/requests?since=${seen}`);
      seen = entries.at(-1)?.seq ?? seen;
      count += entries.length;
      return violations(entries);
    },
    checked: () => count,
    close: async () => {
      await client.close();
      await sim.close();
    },
  };
}

let jobs = 0;
export function ctxFor(
  user = 'alice',
  signal?: AbortSignal,
): BuildContext & { events: BuildEvent[] } {
  const events: BuildEvent[] = [];
  return {
    jobId: `job-${++jobs}-${Date.now().toString(36)}`,
    user,
    signal: signal ?? new AbortController().signal,
    emit: (e) => events.push(e),
    events,
  };
}

/**
 * One simulator for a test file, reset before each test; at the end every request the engine
 * sent must pass the official PVE schema. Returns a getter (the env exists once beforeAll ran).
 */
export function useSimEnv(opts: EnvOptions = {}): () => SimEnv {
  let env: SimEnv | undefined;
  beforeAll(async () => {
    env = await startEnv(opts);
  });
  beforeEach(async () => {
    await env?.control.reset();
  });
  afterAll(async () => {
    if (!env) return;
    expect(await env.nonConforming()).toEqual([]);
    await env.close();
  });
  return () => {
    if (!env) throw new Error('the simulator env is used before beforeAll ran');
    return env;
  };
}

/** The BuilderError a promise rejects with (fails the test if it resolves or rejects otherwise). */
export async function builderFailure(p: Promise<unknown>): Promise<BuilderError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BuilderError);
  return err as BuilderError;
}
