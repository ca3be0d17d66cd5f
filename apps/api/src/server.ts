import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config/load.js';
import { createLogger } from './logger.js';
import { startApi } from './start.js';

/** Process entry: config from --config/LABFORGE_CONFIG plus env, pino logs, graceful shutdown. */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { config: { type: 'string', short: 'c' } } });
  let config;
  try {
    config = loadConfig(values.config ? { path: values.config } : {});
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.log_level);
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));
  const api = await startApi({
    config,
    logger,
    admin: {
      username: process.env.LABFORGE_ADMIN_USERNAME,
      password: process.env.LABFORGE_ADMIN_PASSWORD,
    },
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: letting running builds reach a safe point');
    api.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
