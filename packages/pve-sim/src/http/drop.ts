import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The connection goes away without a byte of the answer: closed (clients report "other side
 * closed" / "socket hang up") or, with `reset`, aborted with a TCP RST ("read ECONNRESET").
 */
export function dropConnection(req: FastifyRequest, reply: FastifyReply, reset: boolean): void {
  reply.hijack();
  const socket = req.raw.socket;
  if (reset) {
    // Over HTTPS the TLS socket sits on the TCP socket (Node's `_parent`); only TCP can RST.
    const tcp = (socket as Socket & { _parent?: Socket })._parent ?? socket;
    try {
      tcp.resetAndDestroy();
    } catch {
      // Not a TCP handle after all: a plain close still drops the answer.
    }
  }
  socket.destroy();
}
