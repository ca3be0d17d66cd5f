import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classroomCredentials } from '@labforge/pve-sim';
import type { FullConfig } from '@playwright/test';
import { type DemoInfo, type DemoRole, publishDemoInfo } from './demo-info.js';
import { e2eSeed } from './e2e-seed.js';
import { freePort } from './free-port.js';
import { startLauncher, stopLauncher } from './launcher.js';
import { SimClient } from './sim-client.js';

const ROLES: DemoRole[] = ['admin', 'teacher', 'teacher2', 'student'];

/**
 * Starts the demo exactly as the README's first command does (the built launcher: simulator with
 * the classroom seed over HTTPS, the API serving the built SPA, seeded users) on free ports, then
 * gives the simulator the e2e seed: the classroom cluster plus one ISO whose name is markup.
 */
export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  const dataDir = fileURLToPath(new URL('../.demo/', import.meta.url));
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  const { child, output } = await startLauncher(
    ['--port', String(port), '--data-dir', dataDir, '--log-level', 'warn'],
    join(dataDir, 'launcher.log'),
    join(dataDir, 'demo-info.json'),
  );
  try {
    const users = {} as DemoInfo['users'];
    for (const role of ROLES) {
      const login = output.logins[role];
      if (!login) throw new Error(`the demo launcher printed no ${role} login`);
      users[role] = login;
    }
    const info: DemoInfo = {
      url: output.url,
      sim: {
        url: output.simUrl,
        fingerprint: output.simFingerprint,
        ...classroomCredentials.root,
      },
      users,
    };
    const sim = new SimClient(info.sim.url, info.sim.fingerprint, info.sim);
    await sim.control('POST', '/seed', { seed: e2eSeed() });
    await sim.close();
    publishDemoInfo(info);
  } catch (err) {
    await stopLauncher(child);
    throw err;
  }
  return () => stopLauncher(child);
}
