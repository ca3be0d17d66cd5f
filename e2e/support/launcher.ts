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
  /** SHA-256 of the simulator's self-signed certificate, pinned in the generated config. */
  simFingerprint: string;
  configFile: string;
  logins: Partial<Record<DemoRole, { username: string; password: string }>>;
}

interface InfoFile {
  url: string;
  simUrl: string;
  simFingerprint?: string;
  configFile: string;
  logins: Array<{ username: string; password: string; role: string }>;
}

/** Reads the JSON the launcher writes with `--info-file` (see apps/api/src/demo/main.ts). */
export function readLauncherInfo(path: string): LauncherOutput {
  const info = JSON.parse(readFileSync(path, 'utf8')) as InfoFile;
  if (!info.simFingerprint) throw new Error(`${path} names no simulator certificate fingerprint`);
  const logins: LauncherOutput['logins'] = {};
  for (const l of info.logins)
    logins[l.username as DemoRole] = { username: l.username, password: l.password };
  return {
    url: info.url,
    simUrl: info.simUrl,
    simFingerprint: info.simFingerprint,
    configFile: info.configFile,
    logins,
  };
}

export interface StartedLauncher {
  child: ChildProcess;
  output: LauncherOutput;
}

/**
 * Starts the built demo launcher and waits until it is up, then reads its info file; everything it
 * prints goes on to `logFile` for post-mortems.
 */
export function startLauncher(
  args: string[],
  logFile: string,
  infoFile: string,
  timeoutMs = 120_000,
): Promise<StartedLauncher> {
  if (!existsSync(launcherPath)) {
    throw new Error(
      `${launcherPath} is missing: build first (pnpm --filter @labforge/web build && pnpm --filter "@labforge/api..." build)`,
    );
  }
  const child = spawn(process.execPath, [launcherPath, ...args, '--info-file', infoFile], {
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
      // The banner's last line comes after the info file is written.
      if (!stdout.includes('Press Ctrl-C to stop.')) return;
      started = true;
      clearTimeout(timer);
      try {
        resolve({ child, output: readLauncherInfo(infoFile) });
      } catch (err) {
        child.kill('SIGKILL');
        reject(err instanceof Error ? err : new Error(String(err)));
      }
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
