import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FileServer {
  url(path: string): string;
  sha256: string;
  close(): Promise<void>;
}

/** Serves a fake virtio-win ISO from loopback for the simulator (and SSH) to fetch. */
export async function startFileServer(size = 256 * 1024): Promise<FileServer> {
  const body = Buffer.alloc(size, 7);
  const sha256 = createHash('sha256').update(body).digest('hex');
  const server: Server = createServer((req, res) => {
    if (req.url === '/virtio-win.iso' || req.url === '/stable/virtio-win.iso') {
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': String(body.length),
      });
      res.end(body);
    } else {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    sha256,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
