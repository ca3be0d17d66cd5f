/**
 * The API as a separate process, for the kill-and-restart test: config from LABFORGE_CONFIG,
 * first admin from the environment; prints "LISTENING <url>" once it accepts requests.
 */
import { loadConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/logger.js';
import { startApi } from '../../src/start.js';
import { FAST_CLIENT } from './harness.js';

const config = loadConfig();
const api = await startApi({
  config,
  logger: createLogger('warn'),
  admin: {
    username: process.env.LABFORGE_ADMIN_USERNAME,
    password: process.env.LABFORGE_ADMIN_PASSWORD,
  },
  clientOverrides: FAST_CLIENT,
});
process.stdout.write(`LISTENING ${api.url}\n`);
