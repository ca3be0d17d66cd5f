import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback HTTP server standing in for ISO mirrors. */
export async function serveFiles(
  files: Record<string, Buffer>,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path.startsWith('/redirect/')) {
      res.writeHead(302, { location: `/files/${path.slice('/redirect/'.length)}` });
      return res.end();
    }
    const body = files[path.replace(/^\/files\//, '')];
    if (!path.startsWith('/files/') || !body) {
      res.writeHead(404, 'Not Found');
      return res.end();
    }
    res.writeHead(200, {
      'content-type': 'application/x-iso9660-image; charset=binary',
      'content-length': body.length,
    });
    if (req.method === 'HEAD') return res.end();
    // Several chunks so progress lines appear.
    const step = Math.ceil(body.length / 5);
    for (let i = 0; i < body.length; i += step) res.write(body.subarray(i, i + step));
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
