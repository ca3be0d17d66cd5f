import type { FastifyInstance } from 'fastify';

/**
 * Unknown API paths answer the contracts' error body. With the SPA present, other GETs that
 * accept HTML get index.html so client-side routes survive a reload.
 */
export function registerNotFound(app: FastifyInstance, spa: boolean): void {
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '/';
    const api = path.startsWith('/api/') || path === '/api' || path.startsWith('/docs');
    if (spa && !api && req.method === 'GET' && (req.headers.accept ?? '').includes('text/html')) {
      return reply.type('text/html').sendFile('index.html');
    }
    return reply.code(404).send({ ok: false, error: `not found: ${req.method} ${path}` });
  });
}
