import { type IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { WebSocketServer, type WebSocket } from 'ws';
import { die } from './errors.js';

interface PendingUpgrade {
  socket: Duplex;
  head: Buffer;
}

const pending = new WeakMap<IncomingMessage, PendingUpgrade>();
/** pveproxy's websocket_proxy reads frames of up to 128 KiB. */
const wss = new WebSocketServer({
  noServer: true,
  perMessageDeflate: false,
  maxPayload: 128 * 1024,
});

/**
 * Upgrade requests go through the normal API pipeline (auth, permissions, validation, handler),
 * as in pve-http-server, where the upgrade happens only after the handler answered 200. Every
 * other outcome is a normal HTTP response, after which the connection is closed.
 */
export function routeUpgrades(app: FastifyInstance): void {
  app.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    pending.set(req, { socket, head });
    const res = new ServerResponse(req);
    res.assignSocket(socket as Socket);
    res.on('finish', () => socket.end());
    socket.on('error', () => socket.destroy());
    app.routing(req, res);
  });
}

export function isUpgrade(req: IncomingMessage): boolean {
  return pending.has(req);
}

/** pve-http-server's checks, made after the handler ran (so they answer 500). */
export function checkWebsocketHeaders(req: IncomingMessage): void {
  const upgrade = String(req.headers.upgrade ?? '').toLowerCase();
  if (upgrade !== 'websocket') throw die(`unable to upgrade to protocol '${upgrade}'\n`);
  const version = req.headers['sec-websocket-version'];
  if (version !== '13') throw die(`unsupported websocket-version '${String(version ?? '')}'\n`);
  if (!req.headers['sec-websocket-key']) throw die('missing websocket-key\n');
}

/** Completes the handshake (101) and hands over the WebSocket; undefined when not an upgrade. */
export function acceptWebsocket(req: IncomingMessage, onOpen: (ws: WebSocket) => void): void {
  const p = pending.get(req);
  if (!p) return;
  pending.delete(req);
  wss.handleUpgrade(req, p.socket, p.head, onOpen);
}

/** The TCP connection behind the upgrade is dropped without an answer (connect failed). */
export function dropUpgrade(req: IncomingMessage): void {
  const p = pending.get(req);
  pending.delete(req);
  p?.socket.destroy();
}
