import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startDemo } from './index.js';

/** `pnpm --filter @labforge/api demo`: start everything and print where and how to sign in. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.LABFORGE_PORT ?? '8080' },
      'sim-port': { type: 'string', default: '0' },
      'data-dir': { type: 'string', default: '.demo' },
      host: { type: 'string', default: '127.0.0.1' },
      'log-level': { type: 'string', default: 'warn' },
      'web-dist': { type: 'string' },
      /** Where to write the URLs, fingerprint and logins as JSON, for scripts (e2e). */
      'info-file': { type: 'string' },
    },
  });
  const demo = await startDemo({
    port: Number(values.port),
    simPort: Number(values['sim-port']),
    dataDir: values['data-dir'],
    host: values.host,
    logLevel: values['log-level'] as 'warn',
    ...(values['web-dist'] ? { webDist: values['web-dist'] } : {}),
  });
  if (values['info-file']) {
    const info = {
      url: demo.url,
      simUrl: demo.simUrl,
      simFingerprint: demo.sim.fingerprint,
      configFile: demo.configFile,
      logins: demo.logins,
    };
    // Holds passwords: readable by the owner only, like the generated config.
    writeFileSync(values['info-file'], `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  }
  const lines = [
    '',
    `LabForge demo is running at ${demo.url}`,
    `  API docs:            ${demo.url}/docs`,
    `  simulated Proxmox:   ${demo.simUrl} (classroom seed, 3 nodes)`,
    `  config:              ${demo.configFile}`,
    '',
    'Sign in as:',
    ...demo.logins.map(
      (l) => `  ${l.role.padEnd(8)} ${l.username.padEnd(8)} password: ${l.password}`,
    ),
    '',
    'Press Ctrl-C to stop.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
  const stop = () => {
    demo.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
