import { connect, createServer, type Socket } from 'node:net';

/**
 * A TCP forwarder to the simulator that can be killed: every connection through it is reset at
 * once, the way the simulator sees an API process that died mid-request (SIGKILL).
 */
export async function killableProxy(
  target: string,
): Promise<{ url: string; kill(): void; close(): Promise<void> }> {
  const to = new URL(target);
  const sockets = new Set<Socket>();
  const server = createServer((inbound) => {
    const outbound = connect(Number(to.port), to.hostname);
    for (const s of [inbound, outbound]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    inbound.pipe(outbound).pipe(inbound);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `${to.protocol}//127.0.0.1:${port}`,
    kill: () => {
      server.close();
      for (const s of sockets) s.resetAndDestroy();
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
