import { SPEC_EXAMPLE_REQUESTS, type Role } from '@labforge/contracts';
import {
  classroomCredentials,
  classroomSeed,
  startSimulator,
  type RunningSimulator,
  withCloneTemplates,
} from '@labforge/pve-sim';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../src/app.js';
import { hashPassword } from '../../src/auth/password.js';
import { createClusterHandles } from '../../src/clusters/runtime.js';
import { parseConfig } from '../../src/config/load.js';
import type { AppConfig, AppConfigInput } from '../../src/config/schema.js';
import type { AppContext } from '../../src/context.js';
import { createLogger } from '../../src/logger.js';
import { realEngine } from '../../src/start.js';

export const PASSWORDS: Record<Role, string> = {
  admin: 'admin-password-1',
  teacher: 'teacher-password-1',
  student: 'student-password-1',
};

export interface Caller {
  role: Role | 'anonymous';
  cookie?: string;
  csrf?: string;
}

export interface Harness {
  sim: RunningSimulator;
  app: FastifyInstance;
  ctx: AppContext;
  config: AppConfig;
  dataDir: string;
  /** Every log line the API wrote, for secret scans. */
  logs: string[];
  callers: Record<Role | 'anonymous', Caller>;
  /** inject as a caller: cookie + CSRF header on writes. */
  call(who: Caller, opts: InjectOptions): Promise<LightMyRequestResponse>;
  /** Restart the API on the same data directory and simulator (a process restart). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export function simConfig(
  sim: RunningSimulator,
  dataDir: string,
  extra: Partial<AppConfigInput> = {},
): AppConfigInput {
  return {
    data_dir: dataDir,
    session_secret: 'test-session-secret-of-at-least-32-chars',
    scrypt_log2n: 12,
    log_level: 'info',
    web_dist: join(dataDir, 'no-web'),
    clusters: [
      {
        id: 'classroom',
        name: 'Classroom',
        endpoints: [sim.url],
        token: {
          id: classroomCredentials.builderToken.tokenid,
          secret: classroomCredentials.builderToken.secret,
        },
        tls: sim.fingerprint ? { fingerprint: sim.fingerprint } : {},
      },
    ],
    ...extra,
  };
}

const GiB = 2 ** 30;
/** The classroom seed plus a small non-thin images storage, to exercise "storage full". */
export function testSeed(): typeof classroomSeed {
  return {
    ...classroomSeed,
    storages: [
      ...classroomSeed.storages,
      {
        id: 'small-dir',
        type: 'dir',
        content: ['images'],
        path: '/srv/small',
        total: 20 * GiB,
        used: 19 * GiB,
      },
    ],
  } as typeof classroomSeed;
}

/**
 * `testSeed()` plus templates for class deployments: 9100 on shared NFS (raw base volume: linked
 * clones on every node), 9300 on thick LVM (no base volumes: full clones only). The classroom
 * template 9000 sits on pve1's local LVM-thin.
 */
export function classSeed(): typeof classroomSeed {
  return withCloneTemplates(structuredClone(testSeed()), { nfsTotal: 2000 * GiB, memoryMb: 1024 });
}

/** Fast polling and retries: the simulator answers in milliseconds. */
export const FAST_CLIENT = {
  retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
  poll: { initialMs: 10, maxMs: 40, factor: 1.5 },
};

async function login(app: FastifyInstance, role: Role): Promise<Caller> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: role, password: PASSWORDS[role] },
  });
  if (res.statusCode !== 200) throw new Error(`login ${role}: ${res.statusCode} ${res.body}`);
  const cookie = String(res.headers['set-cookie']).split(';')[0]!;
  return { role, cookie, csrf: (res.json() as { csrf_token: string }).csrf_token };
}

export async function startHarness(
  opts: {
    taskSpeed?: number;
    /** Simulator task duration factors (e.g. `bootprompt` to lengthen the boot prompt). */
    taskDurations?: Record<string, number>;
    config?: Partial<AppConfigInput>;
    recover?: boolean;
    /** Also configure the same simulator as a second cluster `annex`. */
    secondCluster?: boolean;
    /** Another seed than `testSeed()`. */
    seed?: typeof classroomSeed;
    /** Merged into the (first) cluster's config (e.g. `script_agent_wait_s`, `clones`). */
    cluster?: Record<string, unknown>;
  } = {},
): Promise<Harness> {
  const sim = await startSimulator({
    seed: opts.seed ?? testSeed(),
    https: true,
    taskSpeed: opts.taskSpeed ?? 200,
    ...(opts.taskDurations ? { taskDurations: opts.taskDurations } : {}),
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'labforge-api-'));
  const logs: string[] = [];
  const raw = simConfig(sim, dataDir, opts.config);
  if (opts.cluster) raw.clusters = raw.clusters.map((c) => ({ ...c, ...opts.cluster }));
  if (opts.secondCluster)
    raw.clusters = [...raw.clusters, { ...raw.clusters[0]!, id: 'annex', name: 'Annex' }];
  const config = parseConfig(raw);
  const stream = { write: (line: string) => void logs.push(line) };

  async function boot(recover: boolean) {
    const logger = createLogger('info', stream);
    const clusters = createClusterHandles(config, logger, realEngine, FAST_CLIENT);
    return buildApp({ config, clusters, logger, recover });
  }
  let built = await boot(opts.recover ?? true);
  for (const role of ['admin', 'teacher', 'student'] as const) {
    if (!built.ctx.users.byUsername(role)) {
      built.ctx.users.create({
        username: role,
        role,
        passwordHash: await hashPassword(PASSWORDS[role], 12),
      });
    }
  }
  const callers = {
    anonymous: { role: 'anonymous' },
    admin: await login(built.app, 'admin'),
    teacher: await login(built.app, 'teacher'),
    student: await login(built.app, 'student'),
  } as Record<Role | 'anonymous', Caller>;

  const h: Harness = {
    sim,
    get app() {
      return built.app;
    },
    get ctx() {
      return built.ctx;
    },
    config,
    dataDir,
    logs,
    callers,
    call: (who, o) => {
      const headers: Record<string, string> = {
        ...(o.headers as Record<string, string> | undefined),
      };
      if (who.cookie) headers.cookie = who.cookie;
      if (who.csrf && o.method && o.method !== 'GET') headers['x-csrf-token'] ??= who.csrf;
      return built.app.inject({ ...o, headers });
    },
    restart: async () => {
      await built.app.close();
      built = await boot(true);
    },
    close: async () => {
      await built.app.close();
      await sim.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return h;
}

/** The specification's first curl example body. */
/** The specification's Linux curl example. */
export const UBUNTU_BODY = SPEC_EXAMPLE_REQUESTS.linux;
