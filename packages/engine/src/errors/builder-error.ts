export type BuilderErrorStatus = 400 | 403 | 404 | 409 | 422 | 502 | 504 | 507;

/** An engine failure the API maps to the contracts' error body. */
export class BuilderError extends Error {
  override name = 'BuilderError';
  readonly status: BuilderErrorStatus;
  readonly step: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    status: BuilderErrorStatus,
    message: string,
    opts: { step?: string; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.status = status;
    this.step = opts.step;
    this.details = opts.details;
  }
}

interface PveLikeError {
  name?: string;
  message: string;
  status?: number;
  reason?: string;
  detail?: string;
  errors?: Record<string, string>;
  exitstatus?: string;
}

function asPveLike(err: unknown): PveLikeError | undefined {
  return err instanceof Error ? (err as PveLikeError) : undefined;
}

/** HTTP status PVE answered with, when the error is a PVE HTTP error. */
export function pveStatus(err: unknown): number | undefined {
  const e = asPveLike(err);
  return typeof e?.status === 'number' ? e.status : undefined;
}

/**
 * PVE's own words for a failure: the task's exit status, or the response message with its
 * per-parameter errors, or the reason phrase. Never our paraphrase.
 */
export function pveText(err: unknown): string {
  const e = asPveLike(err);
  if (!e) return String(err);
  if (typeof e.exitstatus === 'string') return e.exitstatus;
  const base = (e.detail ?? e.reason ?? e.message).trim();
  if (e.errors && Object.keys(e.errors).length > 0) {
    const params = Object.entries(e.errors)
      .map(([k, v]) => `${k}: ${v.trim()}`)
      .join('; ');
    return `${base} (${params})`;
  }
  return base;
}

export function isAbort(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || err.name === 'PveAbortError');
}

/** Wraps a PVE failure during `step` into a 502 (504 for timeouts) carrying PVE's text. */
export function stepError(step: string, label: string, err: unknown): BuilderError {
  if (err instanceof BuilderError) return err;
  const timeout = err instanceof Error && /timeout/i.test(err.name);
  return new BuilderError(timeout ? 504 : 502, `${label}: ${pveText(err)}`, {
    step,
    cause: err,
    details: { pve_status: pveStatus(err) },
  });
}

export function cancelledError(step: string): BuilderError {
  return new BuilderError(409, `The build was cancelled during step '${step}'`, { step });
}
