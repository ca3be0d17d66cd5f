import type { FastifyRequest } from 'fastify';

/**
 * The console WebSocket accepts only pages of LabForge itself: browsers send `Origin` on every
 * WebSocket and let any site open one to any host with the user's cookies, so this is what
 * stops a foreign page from riding a teacher's session. The app's origin is the request's own
 * scheme and host (behind a trusted proxy, its forwarded ones). A script with an API token
 * sends no cookie to ride on and may omit Origin; a cookie-authenticated upgrade may not.
 */
export function originAllowed(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return req.auth?.via === 'bearer';
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return url.protocol === `${req.protocol}:` && url.host.toLowerCase() === req.host.toLowerCase();
}
