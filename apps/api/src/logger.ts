import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * Everything that could carry a secret is censored wherever it appears in a log object: request
 * headers, and any field named like a password, secret, ticket or token.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  ...[
    'password',
    'current_password',
    'new_password',
    'password_hash',
    'secret',
    'ticket',
    'token',
    'csrf_token',
    'CSRFPreventionToken',
    'cookie',
    'authorization',
    'privateKey',
    'private_key',
  ].flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
];

export function createLogger(level: string, stream?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { service: 'labforge-api' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    stream,
  );
}
