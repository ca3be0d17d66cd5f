import type { FastifyReply } from 'fastify';

/** The client's connection is closed already (its 'close' event may have fired before we look). */
function isGone(reply: FastifyReply): boolean {
  const socket = reply.raw.socket;
  return reply.raw.destroyed || !socket || socket.destroyed;
}

/** Waits; true when the client went away meanwhile (long delays must not pin closed sockets). */
export function delayUnlessGone(ms: number, reply: FastifyReply): Promise<boolean> {
  if (ms <= 0) return Promise.resolve(false);
  if (isGone(reply)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onClose = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      reply.raw.off('close', onClose);
      resolve(false);
    }, ms);
    reply.raw.once('close', onClose);
  });
}

/** An AbortSignal that fires when the client's connection closes; `done()` stops listening. */
export function goneSignal(reply: FastifyReply): { signal: AbortSignal; done: () => void } {
  const ac = new AbortController();
  const onClose = (): void => ac.abort();
  if (isGone(reply)) ac.abort();
  else reply.raw.once('close', onClose);
  return { signal: ac.signal, done: () => reply.raw.off('close', onClose) };
}
