import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';

const CHILD = fileURLToPath(new URL('./api-child.ts', import.meta.url));

/** The API as a separate process (killable with SIGKILL), on the given config file. */
export function startChild(configFile: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--conditions=@labforge/source', '--import', 'tsx', CHILD],
    {
      env: {
        ...process.env,
        LABFORGE_CONFIG: configFile,
        LABFORGE_ADMIN_USERNAME: 'admin',
        LABFORGE_ADMIN_PASSWORD: 'admin-password-1',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /LISTENING (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.once('exit', (code) => reject(new Error(`API child exited early (${code})`)));
  });
}

/** Logs in as the child's first admin: headers for state-changing requests. */
export async function adminHeaders(url: string): Promise<Record<string, string>> {
  const login = await request(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'admin-password-1' }),
  });
  const session = (await login.body.json()) as { csrf_token: string };
  return {
    'content-type': 'application/json',
    cookie: String(login.headers['set-cookie']).split(';')[0]!,
    'x-csrf-token': session.csrf_token,
  };
}

export async function waitFor<T>(what: string, fn: () => T | undefined, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}
