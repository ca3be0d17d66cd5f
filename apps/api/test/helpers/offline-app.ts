import { buildApp, type BuiltApp } from '../../src/app.js';
import { createClusterHandles } from '../../src/clusters/runtime.js';
import { parseConfig } from '../../src/config/load.js';
import type { AppConfigInput } from '../../src/config/schema.js';
import { createLogger } from '../../src/logger.js';
import { realEngine } from '../../src/start.js';

/**
 * The app against a cluster nobody answers for, for tests that never reach Proxmox
 * (OpenAPI, static files, config). Uses an in-memory database.
 */
export function offlineApp(extra: Partial<AppConfigInput> = {}): Promise<BuiltApp> {
  const config = parseConfig({
    data_dir: ':memory:',
    session_secret: 'offline-test-secret-of-32-characters!',
    scrypt_log2n: 12,
    log_level: 'silent',
    web_dist: '/nonexistent',
    clusters: [
      {
        id: 'offline',
        name: 'Offline',
        endpoints: ['https://127.0.0.1:9'],
        token: { id: 'labforge@pve!builder', secret: 'unused' },
      },
    ],
    ...extra,
  });
  const logger = createLogger('silent');
  return buildApp({ config, logger, clusters: createClusterHandles(config, logger, realEngine) });
}
