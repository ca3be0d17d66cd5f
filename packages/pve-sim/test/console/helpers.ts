import { WebSocket } from 'ws';
import { expect } from 'vitest';
import {
  RfbTestClient,
  classroomSeed,
  type RunningSimulator,
  type SimSeed,
} from '../../src/index.js';
import { type Auth, call } from '../helpers.js';

/** The classroom seed plus users that lack VM.Console / VM.PowerMgmt (password 'pw'). */
export const permissionSeed: SimSeed = {
  ...classroomSeed,
  users: [
    ...(classroomSeed.users ?? []),
    { userid: 'auditor@pve', password: 'pw' },
    { userid: 'viewer@pve', password: 'pw' },
  ],
  roles: { ...classroomSeed.roles, ConsoleOnly: ['VM.Audit', 'VM.Console'] },
  acl: [
    ...(classroomSeed.acl ?? []),
    { path: '/vms', role: 'PVEAuditor', ugid: 'auditor@pve' },
    { path: '/vms', role: 'ConsoleOnly', ugid: 'viewer@pve' },
  ],
};

export interface VncProxyAnswer {
  user: string;
  ticket: string;
  port: number;
  upid: string;
  cert: string;
  password: string;
}

export async function vncproxy(
  sim: RunningSimulator,
  auth: Auth,
  node: string,
  vmid: number,
): Promise<VncProxyAnswer> {
  const res = await call(sim, 'POST', `/nodes/${node}/qemu/${vmid}/vncproxy`, {
    auth,
    form: { websocket: 1 },
  });
  expect(res.status, res.text).toBe(200);
  return res.body.data as VncProxyAnswer;
}

export function authHeaders(auth: Auth): Record<string, string> {
  if (!auth) return {};
  if ('ticket' in auth) return { cookie: `PVEAuthCookie=${encodeURIComponent(auth.ticket)}` };
  return { authorization: `PVEAPIToken=${auth.token}=${auth.secret}` };
}

export function wsUrl(
  sim: RunningSimulator,
  node: string,
  vmid: number,
  port: number,
  ticket: string,
): string {
  const q = new URLSearchParams({ port: String(port), vncticket: ticket });
  return `${sim.url.replace(/^http/, 'ws')}/api2/json/nodes/${node}/qemu/${vmid}/vncwebsocket?${q}`;
}

/**
 * Opens the WebSocket; resolves when open, rejects with the HTTP status when refused. It is
 * paused on open (the server's first RFB bytes may arrive with the 101) until a reader resumes it.
 */
export function openWs(url: string, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, ['binary'], { headers, rejectUnauthorized: false });
    ws.once('open', () => {
      ws.pause();
      resolve(ws);
    });
    ws.once('unexpected-response', (_req, res) =>
      reject(new Error(`HTTP ${res.statusCode} ${res.statusMessage}`)),
    );
    ws.once('error', reject);
  });
}

export function rfbOver(ws: WebSocket): RfbTestClient {
  return new RfbTestClient({
    send: (data) => ws.send(data),
    onData: (listener) => {
      ws.on('message', (data: Buffer) => listener(data));
      ws.resume();
    },
  });
}

export function closed(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => {
    if (ws.readyState === ws.CLOSED) return resolve(1006);
    ws.once('close', (code) => resolve(code));
    ws.resume();
  });
}

/** vncproxy + vncwebsocket + RFB handshake with the returned password. */
export async function openConsole(sim: RunningSimulator, auth: Auth, node: string, vmid: number) {
  const proxy = await vncproxy(sim, auth, node, vmid);
  const ws = await openWs(wsUrl(sim, node, vmid, proxy.port, proxy.ticket), authHeaders(auth));
  const rfb = rfbOver(ws);
  const init = await rfb.handshake(proxy.password);
  return { proxy, ws, rfb, init };
}

export interface ConsoleView {
  state: string;
  installer: string | null;
  lines: string[];
  keys: { source: string; key: string; keysym?: number; down?: boolean }[];
  pointer: { x: number; y: number; buttons: number }[];
  clipboard: string[];
  connections: number;
}

export async function consoleOf(sim: RunningSimulator, vmid: number): Promise<ConsoleView> {
  return (await call(sim, 'GET', `/_sim/vms/${vmid}/console`)).body as ConsoleView;
}

/** Polls the control plane until the screen is in `state` (boot timers run in real time). */
export async function waitScreen(
  sim: RunningSimulator,
  vmid: number,
  state: string,
): Promise<ConsoleView> {
  for (let i = 0; i < 1000; i++) {
    const v = await consoleOf(sim, vmid);
    if (v.state === state) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`VM ${vmid} never showed ${state}`);
}
