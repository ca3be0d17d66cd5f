import { httpFetch, socketReason } from '../net/http-get.js';
import type { NodeFs } from './node-fs.js';

export interface CommandResult {
  stdout: string;
  stderr: string;
  code: number;
}

const MAX = 512 * 1024 * 1024;

async function download(
  url: string,
  insecure: boolean,
  signal: AbortSignal,
): Promise<{ data?: Buffer; status?: number; statusText?: string; error?: unknown }> {
  try {
    const res = await httpFetch(url, { method: 'GET', verifyCertificates: !insecure, signal });
    if (res.status < 200 || res.status >= 300) {
      res.body.resume();
      return { status: res.status, statusText: res.statusText };
    }
    const chunks: Buffer[] = [];
    let n = 0;
    for await (const c of res.body) {
      chunks.push(c as Buffer);
      n += (c as Buffer).length;
      if (n > MAX) throw new Error('file too large for the simulator');
    }
    return { data: Buffer.concat(chunks), status: res.status };
  } catch (error) {
    return { error };
  }
}

/** wget [-q] [--no-check-certificate] -O FILE URL */
export async function wget(
  fs: NodeFs,
  args: string[],
  signal: AbortSignal,
): Promise<CommandResult> {
  let out: string | undefined;
  let quiet = false;
  let insecure = false;
  const urls: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '-O') out = args[++i];
    else if (a.startsWith('--output-document=')) out = a.slice(18);
    else if (a === '-q' || a === '--quiet') quiet = true;
    else if (a === '--no-check-certificate') insecure = true;
    else if (
      a === '-nv' ||
      a === '--no-verbose' ||
      a.startsWith('--progress=') ||
      a === '--show-progress'
    )
      continue;
    else if (a.startsWith('-'))
      return { stdout: '', stderr: `wget: unrecognized option '${a}'\n`, code: 2 };
    else urls.push(a);
  }
  if (!out || urls.length !== 1)
    return { stdout: '', stderr: 'pve-sim: wget needs exactly -O FILE and one URL\n', code: 2 };
  const url = urls[0] ?? '';
  const host = (() => {
    try {
      return new URL(url).host;
    } catch {
      return '';
    }
  })();
  if (!host) return { stdout: '', stderr: `${url}: Invalid URL.\n`, code: 1 };
  const r = await download(url, insecure, signal);
  if (r.error !== undefined)
    return {
      stdout: '',
      stderr: `Connecting to ${host}... failed: ${socketReason(r.error)}.\n`,
      code: 4,
    };
  if (!r.data) return { stdout: '', stderr: `ERROR ${r.status}: ${r.statusText}.\n`, code: 8 };
  const err = fs.write(out, r.data);
  if (err) return { stdout: '', stderr: `${out}: ${err}\n`, code: 3 };
  return {
    stdout: '',
    stderr: quiet ? '' : `'${out}' saved [${r.data.length}/${r.data.length}]\n`,
    code: 0,
  };
}

/** curl -fsSL [-k] -o FILE URL */
export async function curl(
  fs: NodeFs,
  args: string[],
  signal: AbortSignal,
): Promise<CommandResult> {
  let out: string | undefined;
  let fail = false;
  let insecure = false;
  const urls: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--output') out = args[++i];
    else if (a === '--fail') fail = true;
    else if (a === '--insecure') insecure = true;
    else if (['--silent', '--show-error', '--location'].includes(a)) continue;
    else if (/^-[fsSLko]+$/.test(a)) {
      if (a.includes('f')) fail = true;
      if (a.includes('k')) insecure = true;
      if (a.includes('o')) {
        if (!a.endsWith('o'))
          return { stdout: '', stderr: 'pve-sim: curl -o must end a flag group\n', code: 2 };
        out = args[++i];
      }
    } else if (a.startsWith('-'))
      return { stdout: '', stderr: `curl: option ${a}: is unknown\n`, code: 2 };
    else urls.push(a);
  }
  if (!out || urls.length !== 1)
    return { stdout: '', stderr: 'pve-sim: curl needs -o FILE and one URL\n', code: 2 };
  const url = urls[0] ?? '';
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return {
      stdout: '',
      stderr: `curl: (3) URL rejected: Malformed input to a URL function\n`,
      code: 3,
    };
  }
  const r = await download(url, insecure, signal);
  if (r.error !== undefined)
    return {
      stdout: '',
      stderr: `curl: (7) Failed to connect to ${target.hostname} port ${target.port || (target.protocol === 'https:' ? 443 : 80)} after 0 ms: Couldn't connect to server\n`,
      code: 7,
    };
  if (!r.data && fail)
    return {
      stdout: '',
      stderr: `curl: (22) The requested URL returned error: ${r.status}\n`,
      code: 22,
    };
  const err = fs.write(out, r.data ?? Buffer.alloc(0));
  if (err)
    return { stdout: '', stderr: `curl: (23) Failure writing output to destination\n`, code: 23 };
  return { stdout: '', stderr: '', code: 0 };
}
