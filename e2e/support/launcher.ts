import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DemoRole } from './demo-info.js';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const launcherPath = fileURLToPath(
  new URL('../../apps/api/dist/demo/main.js', import.meta.url),
);

export interface LauncherOutput {
  url: string;
  simUrl: string;
  configFile: string;
  logins: Partial<Record<DemoRole, { username: string; password: string }>>;
}

/** Reads what the demo launcher prints once it is up (see apps/api/src/demo/main.ts). */
export function parseLauncherOutput(text: string): LauncherOutput | undefined {
  if (!text.includes('Press Ctrl-C to stop.')) return undefined;
  const url = /LabForge demo is running at (\S+)/.exec(text)?.[1];
  const simUrl = /simulated Proxmox:\s+(\S+)/.exec(text)?.[1];
  const configFile = /config:\s+(\S+)/.exec(text)?.[1];
  if (!url || !simUrl || !configFile) return undefined;
  const logins: LauncherOutput['logins'] = {};
  for (const m of text.matchAll(/^\s+(admin|teacher|student)\s+(\S+)\s+password: (\S+)\s*$/gm)) {
    const [, role, username, password] = m;
    if (role && username && password) logins[role as DemoRole] = { username, password };
  }
  return { url, simUrl, configFile, logins };
}

/** The simulator's certificate fingerprint, as the launcher pinned it in the generated config. */
export function pinnedFingerprint(configFile: string): string {
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as {
    clusters?: { tls?: { fingerprint?: string | string[] } }[];
  };
  const fp = config.clusters?.[0]?.tls?.fingerprint;
  const first = Array.isArray(fp) ? fp[0] : fp;
  if (!first) throw new Error(`${configFile} pins no TLS fingerprint for the simulator`);
  return first;
}

export interface StartedLauncher {
  child: ChildProcess;
  output: LauncherOutput;
}

/**
 * Starts the built demo launcher and waits until it prints its URLs and logins; everything it
 * prints goes on to `logFile` for post-mortems.
 */
export function startLauncher(
  args: string[],
  logFile: string,
  timeoutMs = 120_000,
): Promise<StartedLauncher> {
  if (!existsSync(launcherPath)) {
    throw new Error(
      `${launcherPath} is missing: build first (pnpm --filter @labforge/web build && pnpm --filter "@labforge/api..." build)`,
    );
  }
  const child = spawn(process.execPath, [launcherPath, ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(logFile);
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  child.once('exit', () => log.end());
  let stdout = '';
  let stderr = '';
  let started = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the demo did not start within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => {
      if (!started) stderr += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      if (started) return;
      stdout += chunk.toString();
      const output = parseLauncherOutput(stdout);
      if (!output) return;
      started = true;
      clearTimeout(timer);
      resolve({ child, output });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!started) reject(new Error(`the demo exited with code ${code}\n${stdout}\n${stderr}`));
    });
  });
}

/** SIGTERM (the launcher closes the API and the simulator), then SIGKILL if it hangs. */
export async function stopLauncher(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
