/** An error answered the way PVE's HTTP server does: reason phrase = first line of message. */
export class PveError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: Record<string, string>,
    /** Auth-layer and proxy errors have no body at all. */
    readonly emptyBody = false,
  ) {
    super(message);
  }
}

/** Handler `die "text\n"` -> 500. */
export function die(message: string): PveError {
  return new PveError(500, message);
}

export function paramError(errors: Record<string, string>): PveError {
  return new PveError(400, 'Parameter verification failed.\n', errors);
}

export function permError(detail?: string): PveError {
  return new PveError(
    403,
    detail ? `Permission check failed (${detail})\n` : 'Permission check failed\n',
  );
}

export function authError(reason: string): PveError {
  return new PveError(401, reason, undefined, true);
}

export function notImplemented(message: string): PveError {
  return new PveError(501, message);
}
