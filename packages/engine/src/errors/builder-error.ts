import { stepLabel } from '@labforge/contracts';
import { PveAbortError, PveTimeoutError, pveErrorText, pveStatusOf } from '@labforge/pve-client';

export type BuilderErrorStatus = 400 | 403 | 404 | 409 | 422 | 501 | 502 | 504 | 507;

/** An engine failure with the HTTP status and step it means; `toErrorBody` turns it into a body. */
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

/** PVE's own words for a failure (task exit status, message with parameter errors, reason). */
export const pveText = pveErrorText;

/** The caller's signal stopped a Proxmox request or wait. */
export function isAbort(err: unknown): boolean {
  return err instanceof PveAbortError;
}

/** Wraps a PVE failure during `step` into a 502 (504 for timeouts) carrying PVE's text. */
export function stepError(step: string, label: string, err: unknown): BuilderError {
  if (err instanceof BuilderError) return err;
  const timeout = err instanceof PveTimeoutError;
  return new BuilderError(timeout ? 504 : 502, `${label}: ${pveText(err)}`, {
    step,
    cause: err,
    details: { pve_status: pveStatusOf(err) },
  });
}

/** Said of every job kind (builds, downloads, ...), with the step's label, never its name. */
export function cancelledError(step: string): BuilderError {
  return new BuilderError(409, `Cancelled during "${stepLabel(step)}"`, { step });
}
