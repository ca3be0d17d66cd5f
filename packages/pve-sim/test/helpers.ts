import { Agent, request, type Dispatcher } from 'undici';
import {
  classroomCredentials,
  startSimulator,
  type RunningSimulator,
  type StartOptions,
} from '../src/index.js';

export type Auth =
  { ticket: string; csrf?: string } | { token: string; secret: string } | undefined;

export interface ApiResponse {
  status: number;
  reason: string;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests poke into arbitrary PVE JSON
  body: any;
  headers: Record<string, string | string[] | undefined>;
}

function toQuery(values: Record<string, string | number>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) p.append(k, String(v));
  return p.toString();
}

const insecure = new Agent({ connect: { rejectUnauthorized: false } });

export async function start(opts: StartOptions = {}): Promise<RunningSimulator> {
  return startSimulator({ taskSpeed: 2000, ...opts });
}

export interface CallOptions {
  auth?: Auth;
  form?: Record<string, string | number>;
  json?: unknown;
  query?: Record<string, string | number>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Another agent (e.g. one destroyed after aborting calls, so no spare socket stays open). */
  dispatcher?: Dispatcher;
}

export async function call(
  sim: RunningSimulator,
  method: string,
  path: string,
  opts: CallOptions = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...opts.headers };
  const a = opts.auth;
  if (a && 'ticket' in a) {
    headers.cookie = `PVEAuthCookie=${encodeURIComponent(a.ticket)}`;
    if (a.csrf) headers.csrfpreventiontoken = a.csrf;
  } else if (a) headers.authorization = `PVEAPIToken=${a.token}=${a.secret}`;
  let body: string | undefined;
  if (opts.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = toQuery(opts.form);
  } else if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  }
  const qs = opts.query ? `?${toQuery(opts.query)}` : '';
  const url = path.startsWith('/_sim')
    ? `${sim.url}${path}${qs}`
    : `${sim.url}/api2/json${path}${qs}`;
  const res = await request(url, {
    method: method as 'GET',
    headers,
    ...(body !== undefined ? { body } : {}),
    dispatcher: opts.dispatcher ?? insecure,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  const text = await res.body.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return {
    status: res.statusCode,
    reason: res.statusText,
    text,
    body: parsed,
    headers: res.headers,
  };
}

export async function login(
  sim: RunningSimulator,
  username: string = classroomCredentials.root.username,
  password: string = classroomCredentials.root.password,
): Promise<{ ticket: string; csrf: string }> {
  const res = await call(sim, 'POST', '/access/ticket', { form: { username, password } });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.reason}`);
  return { ticket: res.body.data.ticket, csrf: res.body.data.CSRFPreventionToken };
}

export const builder: Auth = {
  token: classroomCredentials.builderToken.tokenid,
  secret: classroomCredentials.builderToken.secret,
};
export const noDownload: Auth = {
  token: classroomCredentials.noDownloadToken.tokenid,
  secret: classroomCredentials.noDownloadToken.secret,
};

/** Polls a task until it stops; returns its final status. */
export async function waitTask(
  sim: RunningSimulator,
  auth: Auth,
  upid: string,
): Promise<{ status: string; exitstatus: string }> {
  const node = upid.split(':')[1] ?? '';
  for (let i = 0; i < 2000; i++) {
    const res = await call(sim, 'GET', `/nodes/${node}/tasks/${encodeURIComponent(upid)}/status`, {
      auth,
    });
    if (res.body?.data?.status === 'stopped') return res.body.data;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`task ${upid} did not finish`);
}

export async function taskLog(sim: RunningSimulator, auth: Auth, upid: string): Promise<string[]> {
  const node = upid.split(':')[1] ?? '';
  const res = await call(sim, 'GET', `/nodes/${node}/tasks/${encodeURIComponent(upid)}/log`, {
    auth,
    query: { limit: 0 },
  });
  return (res.body.data as { t: string }[]).map((l) => l.t);
}

/**
 * Calls left hanging until `stop()`, on their own agent: after an abort undici may open spare
 * connections that Node's server.close() would wait for, so the agent is destroyed with them.
 */
export class HangingCalls {
  private readonly ac = new AbortController();
  private readonly agent = new Agent({ connect: { rejectUnauthorized: false } });
  private readonly calls: Promise<unknown>[] = [];

  get opts(): { signal: AbortSignal; dispatcher: Dispatcher } {
    return { signal: this.ac.signal, dispatcher: this.agent };
  }

  add(pending: Promise<unknown>): void {
    this.calls.push(pending.catch((e: unknown) => e));
  }

  async stop(): Promise<void> {
    this.ac.abort();
    await Promise.all(this.calls);
    await this.agent.destroy();
  }
}
