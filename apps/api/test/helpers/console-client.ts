import { RfbTestClient } from '@labforge/pve-sim';
import { WebSocket } from 'ws';

export interface Opened {
  ws: WebSocket;
  rfb: RfbTestClient;
  closed: Promise<{ code: number; reason: string }>;
}

/**
 * Opens LabForge's console WebSocket like a browser would (cookie + Origin), resolving with an
 * RFB client over it, or rejecting with the HTTP status of a refused upgrade.
 */
export function openConsoleSocket(
  base: string,
  path: string,
  headers: Record<string, string>,
): Promise<Opened> {
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}${path}`, ['binary'], { headers });
  const rfb = new RfbTestClient({
    send: (b) => ws.send(b),
    onData: (l) => ws.on('message', (d: Buffer) => l(d)),
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, rfb, closed }));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => {
        ws.terminate();
        reject(
          Object.assign(new Error(`refused ${res.statusCode}: ${body}`), {
            status: res.statusCode,
            body,
          }),
        );
      });
    });
    ws.once('error', (err) => reject(err));
  });
}

export async function refusal(p: Promise<Opened>): Promise<{ status: number; body: string }> {
  try {
    const o = await p;
    o.ws.terminate();
    return { status: 101, body: '' };
  } catch (err) {
    const e = err as { status?: number; body?: string; message: string };
    return { status: e.status ?? 0, body: e.body ?? e.message };
  }
}
