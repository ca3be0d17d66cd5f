import { createServer } from 'node:net';
import { Agent, fetch } from 'undici';
import { classroomCredentials, startSimulator, type RunningSimulator } from '@labforge/pve-sim';
import {
  createPveClient,
  type PveClient,
  type PveClientOptions,
  type PveLogger,
} from '../../src/index.js';

export { classroomCredentials };

export interface JournalEntry {
  seq: number;
  method: string;
  path: string;
  params: Record<string, unknown>;
  encoding: 'form' | 'json' | 'query';
  identity: string | null;
  status: number;
}

// Only the test's control-plane calls skip verification; the client under test never does.
const controlAgent = new Agent({ connect: { rejectUnauthorized: false } });

/** The simulator's /_sim control plane. */
export class SimControl {
  constructor(readonly sim: RunningSimulator) {}

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${this.sim.url}${path}`, {
      method,
      dispatcher: controlAgent,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  }

  async requests(filter?: { method?: string; path?: string | RegExp }): Promise<JournalEntry[]> {
    const all = (await this.call('GET', '/_sim/requests')) as JournalEntry[];
    return all.filter(
      (e) =>
        (!filter?.method || e.method === filter.method) &&
        (!filter?.path ||
          (typeof filter.path === 'string' ? e.path === filter.path : filter.path.test(e.path))),
    );
  }

  clearRequests = (): Promise<unknown> => this.call('DELETE', '/_sim/requests');
  addFault = (rule: object): Promise<unknown> => this.call('POST', '/_sim/faults', rule);
  clearFaults = (): Promise<unknown> => this.call('DELETE', '/_sim/faults');
  /** Fault rules with `hits`: counted when a request arrives, before any injected delay. */
  faults = async (): Promise<{ id: number; path: string; hits: number }[]> =>
    (await this.call('GET', '/_sim/faults')) as { id: number; path: string; hits: number }[];
  advanceClock = (seconds: number): Promise<unknown> =>
    this.call('POST', '/_sim/clock', { advance: seconds });
  reset = (): Promise<unknown> => this.call('POST', '/_sim/reset');
}

export interface CapturedLog extends PveLogger {
  lines: { level: string; msg: string; obj: object }[];
}

export function captureLogger(): CapturedLog {
  const lines: CapturedLog['lines'] = [];
  const at =
    (level: string) =>
    (obj: object, msg?: string): void => {
      lines.push({ level, msg: msg ?? '', obj });
    };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export const tokenAuth = {
  kind: 'token',
  tokenId: classroomCredentials.builderToken.tokenid,
  secret: classroomCredentials.builderToken.secret,
} as const;

export const userAuth = {
  kind: 'ticket',
  username: classroomCredentials.user.username,
  password: classroomCredentials.user.password,
} as const;

export const FAST = {
  retry: { baseDelayMs: 5, maxDelayMs: 20 },
  poll: { initialMs: 20, maxMs: 100, factor: 1.5 },
} satisfies Partial<PveClientOptions>;

export function clientFor(sim: RunningSimulator, opts: Partial<PveClientOptions> = {}): PveClient {
  return createPveClient({
    endpoints: [sim.url],
    auth: tokenAuth,
    ...FAST,
    ...(sim.fingerprint ? { tls: { fingerprint: sim.fingerprint } } : {}),
    ...opts,
  });
}

export async function startSim(
  opts: Parameters<typeof startSimulator>[0] = {},
): Promise<{ sim: RunningSimulator; control: SimControl }> {
  const sim = await startSimulator({ seed: 'classroom', taskSpeed: 50, ...opts });
  return { sim, control: new SimControl(sim) };
}

/** A port on which nothing listens (bound, then released). */
export async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
