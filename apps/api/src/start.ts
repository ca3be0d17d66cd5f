import type { PveClientOptions } from '@labforge/pve-client';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app.js';
import { ensureAdmin } from './auth/bootstrap.js';
import { createClusterHandles, type EngineFactory } from './clusters/runtime.js';
import type { AppConfig } from './config/schema.js';
import type { AppContext } from './context.js';
import { createBuilderEngine } from '@labforge/engine';

export interface RunningApi {
  app: FastifyInstance;
  ctx: AppContext;
  url: string;
  /** Graceful: stop taking jobs, let running builds reach a safe point, then close. */
  close(): Promise<void>;
}

export const realEngine: EngineFactory = (runtime, deps) => createBuilderEngine(runtime, deps);

/** Builds the app with real clusters, creates the first admin if asked, and listens. */
export async function startApi(opts: {
  config: AppConfig;
  logger: Logger;
  admin?: { username?: string; password?: string };
  clientOverrides?: Partial<PveClientOptions>;
  /** Runs before listening (the demo seeds its users here). */
  prepare?: (ctx: AppContext) => Promise<void>;
}): Promise<RunningApi> {
  const { config, logger } = opts;
  const clusters = createClusterHandles(config, logger, realEngine, opts.clientOverrides);
  const { app, ctx } = await buildApp({ config, clusters, logger });
  if (
    await ensureAdmin(ctx.users, opts.admin?.username, opts.admin?.password, config.scrypt_log2n)
  ) {
    logger.info({ username: opts.admin?.username }, 'created the first admin');
  }
  await opts.prepare?.(ctx);
  if (ctx.users.count() === 0) {
    logger.warn(
      'no users yet: set LABFORGE_ADMIN_USERNAME/LABFORGE_ADMIN_PASSWORD or run `pnpm --filter @labforge/api cli users add NAME --role admin`',
    );
  }
  const url = await app.listen({ port: config.port, host: config.host });
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await ctx.runner.shutdown(config.shutdown_grace_ms);
      // Sync build requests still waiting must not hold the process: jobs resume at next start.
      await Promise.race([app.close(), new Promise((r) => setTimeout(r, 5_000).unref())]);
    })());
  return { app, ctx, url, close };
}
