import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlowFileServer {
  url(name: string): string;
  sha256: string;
  size: number;
  close(): Promise<void>;
}

/**
 * An ISO mirror on loopback that sends `size` bytes in `chunks` pieces `everyMs` apart, so the
 * simulator's download task lasts about chunks x everyMs, as a real download lasts seconds.
 * HEAD answers the length (PVE's query-url-metadata asks first). Any path serves the file.
 */
export async function startSlowFileServer(
  opts: { size?: number; chunks?: number; everyMs?: number } = {},
): Promise<SlowFileServer> {
  const size = opts.size ?? 8 * 1024 * 1024;
  const chunks = opts.chunks ?? 40;
  const everyMs = opts.everyMs ?? 50;
  const body = Buffer.alloc(size, 7);
  const sha256 = createHash('sha256').update(body).digest('hex');
  const piece = Math.ceil(size / chunks);
  const server = createServer((req, res) => {
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': String(size),
    });
    if (req.method === 'HEAD') return void res.end();
    let at = 0;
    const timer = setInterval(() => {
      const next = Math.min(size, at + piece);
      res.write(body.subarray(at, next));
      at = next;
      if (at >= size) {
        clearInterval(timer);
        res.end();
      }
    }, everyMs);
    res.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (name) => `http://127.0.0.1:${port}/${name}`,
    sha256,
    size,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
