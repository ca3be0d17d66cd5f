import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback server for large generated files: GET /<bytes>.iso streams that many bytes of a
 * fixed pattern in 1 MiB chunks (never holding the file), `?delayMs=N` waits N ms between chunks.
 */
export async function serveGenerated(): Promise<{ url: string; close(): Promise<void> }> {
  const chunk = Buffer.alloc(1024 * 1024, 0x5a);
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const size = Number(/^\/(\d+)\.iso$/.exec(url.pathname)?.[1] ?? NaN);
    if (!Number.isFinite(size)) {
      res.writeHead(404, 'Not Found');
      return res.end();
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size });
    if (req.method === 'HEAD') return res.end();
    const delay = Number(url.searchParams.get('delayMs') ?? 0);
    let sent = 0;
    const pump = (): void => {
      while (sent < size) {
        const n = Math.min(chunk.length, size - sent);
        sent += n;
        const ok = res.write(n === chunk.length ? chunk : chunk.subarray(0, n));
        if (delay > 0 && sent < size) return void setTimeout(pump, delay);
        if (!ok) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('close', () => {
      sent = size;
    });
    pump();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** sha256 of `size` bytes of the generated pattern. */
export async function generatedSha256(size: number): Promise<string> {
  const { createHash } = await import('node:crypto');
  const h = createHash('sha256');
  const chunk = Buffer.alloc(1024 * 1024, 0x5a);
  for (let left = size; left > 0; left -= chunk.length)
    h.update(left >= chunk.length ? chunk : chunk.subarray(0, left));
  return h.digest('hex');
}
