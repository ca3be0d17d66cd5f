import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';

/** Cookies (signed with the session secret), security headers and the rate limiter. */
export async function registerSecurity(app: FastifyInstance, sessionSecret: string): Promise<void> {
  await app.register(cookie, { secret: sessionSecret });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        // Every resource is same-origin already; upgrading would break the app whenever it is
        // served over plain HTTP on a LAN address (the demo), and changes nothing behind TLS.
        upgradeInsecureRequests: null,
      },
    },
  });
  // Off by default; the login route opts in. Keyed by address AND username, after the body is
  // parsed: a whole class behind one school NAT must not lock each other out.
  await app.register(rateLimit, {
    global: false,
    hook: 'preHandler',
    keyGenerator: (req) => {
      const body = req.body as { username?: unknown } | undefined;
      const user = typeof body?.username === 'string' ? body.username.toLowerCase() : '';
      return `${req.ip}|${user}`;
    },
  });
}
