import type { Role } from '@labforge/contracts';
import {
  classroomCredentials,
  classroomSeed,
  startSimulator,
  type RunningSimulator,
} from '@labforge/pve-sim';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hashPassword } from '../auth/password.js';
import { randomSecret } from '../auth/secrets.js';
import { parseConfig } from '../config/load.js';
import type { AppConfigInput } from '../config/schema.js';
import type { AppContext } from '../context.js';
import { createLogger } from '../logger.js';
import { startApi, type RunningApi } from '../start.js';

export interface DemoOptions {
  /** API port (default 8080, as in the specification); 0 picks a free one. */
  port?: number;
  /** Simulator port (default 0: any free port). */
  simPort?: number;
  dataDir: string;
  host?: string;
  /** Simulator task speed-up (default 10: builds take seconds). */
  taskSpeed?: number;
  logLevel?: AppConfigInput['log_level'];
  webDist?: string;
}

export interface DemoLogin {
  username: string;
  password: string;
  role: Role;
}

export interface RunningDemo {
  url: string;
  simUrl: string;
  logins: DemoLogin[];
  configFile: string;
  api: RunningApi;
  sim: RunningSimulator;
  close(): Promise<void>;
}

/** Username, role and the name shown on template cards; two teachers, so sharing can be tried. */
const DEMO_POOLS = [
  { poolid: 'class-2b', comment: 'Biology 2B' },
  { poolid: 'class-3c', comment: 'Computing 3C' },
];

const DEMO_USERS: ReadonlyArray<[string, Role, string]> = [
  ['admin', 'admin', 'Administrator'],
  ['teacher', 'teacher', 'Ana Teacher'],
  ['teacher2', 'teacher', 'Ben Teacher'],
  ['student', 'student', 'Sam Student'],
];

/**
 * The whole product on one machine: a simulated 3-node classroom cluster over HTTPS (its
 * certificate fingerprint pinned in the generated config, the privilege-separated builder token),
 * the API serving the SPA, and four users (two teachers) whose fresh passwords are returned.
 */
export async function startDemo(opts: DemoOptions): Promise<RunningDemo> {
  const dataDir = resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const sim = await startSimulator({
    // The classroom cluster with two resource pools, so a class can be deployed into one.
    seed: { ...structuredClone(classroomSeed), resourcePools: DEMO_POOLS },
    https: true,
    port: opts.simPort ?? 0,
    taskSpeed: opts.taskSpeed ?? 10,
    // Firmware and boot prompt in real time (0.5 s, then Windows' 5 s "Press any key"), however
    // fast the tasks run: a teacher opening the console sees what a real VM shows, and "Start
    // and boot from ISO" has a real prompt to press the key at.
    taskDurations: { bootprompt: opts.taskSpeed ?? 10 },
  });
  const raw: AppConfigInput = {
    port: opts.port ?? 8080,
    host: opts.host ?? '127.0.0.1',
    data_dir: dataDir,
    session_secret: randomSecret(32),
    log_level: opts.logLevel ?? 'info',
    scrypt_log2n: 15,
    ...(opts.webDist ? { web_dist: opts.webDist } : {}),
    clusters: [
      {
        id: 'classroom',
        name: 'Classroom (simulated)',
        endpoints: [sim.url],
        token: {
          id: classroomCredentials.builderToken.tokenid,
          secret: classroomCredentials.builderToken.secret,
        },
        tls: sim.fingerprint ? { fingerprint: sim.fingerprint } : {},
        web_ui_url: sim.url,
      },
    ],
  };
  const configFile = join(dataDir, 'demo-config.json');
  writeFileSync(configFile, `${JSON.stringify(raw, null, 2)}\n`, { mode: 0o600 });
  const config = parseConfig(raw, 'demo config');
  const logins: DemoLogin[] = [];
  const seedUsers = async (ctx: AppContext) => {
    for (const [username, role, displayName] of DEMO_USERS) {
      const password = `${username}-${randomSecret(6)}`;
      const passwordHash = await hashPassword(password, config.scrypt_log2n);
      const existing = ctx.users.byUsername(username);
      if (existing) {
        ctx.users.update(existing.id, { passwordHash, role, disabled: false });
        ctx.sessions.revokeAllFor(existing.id);
        ctx.users.setDisplayName(existing.id, displayName);
      } else {
        ctx.users.create({ username, role, passwordHash, displayName });
      }
      logins.push({ username, password, role });
    }
  };
  let api: RunningApi;
  try {
    api = await startApi({ config, logger: createLogger(config.log_level), prepare: seedUsers });
  } catch (err) {
    await sim.close();
    throw err;
  }
  const url = api.url.replace('0.0.0.0', '127.0.0.1');
  return {
    url,
    simUrl: sim.url,
    logins,
    configFile,
    api,
    sim,
    close: async () => {
      await api.close();
      await sim.close();
    },
  };
}
