import { redact } from './redact.js';

/**
 * Typed error hierarchy. Every message passes through `redact` at construction, so a
 * ticket, token secret or password can never leak through `message`, `stack` or JSON.
 */

export interface PveErrorContext {
  method?: string;
  path?: string;
  endpoint?: string;
  cause?: unknown;
  secrets?: readonly string[];
}

export class PveError extends Error {
  override name = 'PveError';
  readonly method: string | undefined;
  readonly path: string | undefined;
  readonly endpoint: string | undefined;

  constructor(message: string, ctx: PveErrorContext = {}) {
    super(redact(message, ctx.secrets), ctx.cause === undefined ? undefined : { cause: ctx.cause });
    this.method = ctx.method;
    this.path = ctx.path;
    this.endpoint = ctx.endpoint;
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, method: this.method, path: this.path };
  }
}

export interface HttpErrorInit extends PveErrorContext {
  status: number;
  /** PVE's reason phrase (first line of its message). */
  reason: string;
  /** PVE's full `message` from the JSON body, when present. */
  detail?: string;
  /** PVE's per-parameter `errors` map. */
  errors?: Record<string, string>;
}

function httpMessage(init: HttpErrorInit): string {
  const text = (init.detail ?? init.reason).trim() || init.reason;
  const where = init.method && init.path ? ` (${init.method} ${init.path})` : '';
  const params = init.errors
    ? ': ' +
      Object.entries(init.errors)
        .map(([k, v]) => `${k}: ${v.trim()}`)
        .join('; ')
    : '';
  return `${init.status} ${text}${params}${where}`;
}

/** PVE answered with an error status (400, 403, 500, 501, ...). */
export class PveHttpError extends PveError {
  override name = 'PveHttpError';
  readonly status: number;
  readonly reason: string;
  readonly detail: string | undefined;
  readonly errors: Record<string, string> | undefined;

  constructor(init: HttpErrorInit, message = httpMessage(init)) {
    super(message, init);
    this.status = init.status;
    this.reason = redact(init.reason, init.secrets);
    this.detail = init.detail === undefined ? undefined : redact(init.detail, init.secrets);
    this.errors = init.errors;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), status: this.status, reason: this.reason, errors: this.errors };
  }
}

/** 401 from PVE's auth layer (or a refused login): credentials are wrong or expired. */
export class PveAuthError extends PveHttpError {
  override name = 'PveAuthError';
}

/**
 * The request never got a PVE answer: connection refused/reset, DNS, TLS, or 595/596/599
 * from pveproxy forwarding to another node (status/reason set then).
 */
export class PveNetworkError extends PveError {
  override name = 'PveNetworkError';
  /** Node's error code (ECONNREFUSED, UND_ERR_SOCKET, ...), when there is one. */
  readonly code: string | undefined;
  readonly status: number | undefined;
  readonly reason: string | undefined;
  /** True when the connection was never established, so the request was not sent. */
  readonly connectPhase: boolean;

  constructor(
    message: string,
    ctx: PveErrorContext & {
      code?: string;
      status?: number;
      reason?: string;
      connectPhase?: boolean;
    } = {},
  ) {
    super(message, ctx);
    this.code = ctx.code;
    this.status = ctx.status;
    this.reason = ctx.reason;
    this.connectPhase = ctx.connectPhase ?? false;
  }
}

/** Certificate verification failed or the pinned fingerprint did not match. */
export class PveTlsError extends PveNetworkError {
  override name = 'PveTlsError';
}

export class PveTimeoutError extends PveError {
  override name = 'PveTimeoutError';
  readonly timeoutMs: number;
  constructor(message: string, ctx: PveErrorContext & { timeoutMs: number }) {
    super(message, ctx);
    this.timeoutMs = ctx.timeoutMs;
  }
}

/** The caller's AbortSignal fired. The PVE task (if any) keeps running unless stopped. */
export class PveAbortError extends PveError {
  override name = 'AbortError';
}

/** A PVE task ended with anything other than OK or `WARNINGS: n`. */
export class PveTaskError extends PveError {
  override name = 'PveTaskError';
  readonly upid: string;
  readonly node: string;
  readonly type: string;
  /** PVE's exit status text, e.g. "unable to create VM 100 - volume 'x' does not exist". */
  readonly exitstatus: string;

  constructor(init: { upid: string; node: string; type: string; exitstatus: string }) {
    super(`task ${init.type} on ${init.node} failed: ${init.exitstatus}`);
    this.upid = init.upid;
    this.node = init.node;
    this.type = init.type;
    this.exitstatus = redact(init.exitstatus);
  }
}

/** SSH connection, authentication or host key failure. */
export class PveSshError extends PveError {
  override name = 'PveSshError';
}

/** 403 "Permission check failed ..." from PVE (privileges missing). */
export function isPermissionError(e: unknown): e is PveHttpError {
  return e instanceof PveHttpError && e.status === 403;
}

/**
 * PVE's own words for a failure: a task's exit status, else the response message with its
 * per-parameter errors, else the reason phrase; for anything else its message. Never a paraphrase.
 */
export function pveErrorText(e: unknown): string {
  if (e instanceof PveTaskError) return e.exitstatus;
  if (e instanceof PveHttpError) {
    const base = (e.detail ?? e.reason ?? e.message).trim();
    const params = Object.entries(e.errors ?? {}).map(([k, v]) => `${k}: ${v.trim()}`);
    return params.length > 0 ? `${base} (${params.join('; ')})` : base;
  }
  if (e instanceof PveNetworkError) return (e.reason ?? e.message).trim();
  return e instanceof Error ? e.message.trim() : String(e);
}

/** The HTTP status PVE (or pveproxy, for 595/596/599) answered with, if any. */
export function pveStatusOf(e: unknown): number | undefined {
  return e instanceof PveHttpError || e instanceof PveNetworkError ? e.status : undefined;
}

/**
 * Proxmox error texts that mean something specific, matched in one place. PVE reports these
 * only as text: 500 "VM 100 already exists on node 'pve1'" (create with a taken VMID), 500
 * "Configuration file
 * 'nodes/pve1/qemu-server/100.conf' does not exist" (a VM that is gone), and a `download` task
 * ending "refusing to override existing file '...'" (the file is already there).
 */
export function isAlreadyExists(e: unknown): boolean {
  return e instanceof PveError && /already exists/i.test(pveErrorText(e));
}

/** "... does not exist" (PVE's 500 for a missing VM config or volume) or a plain 404. */
export function isDoesNotExist(e: unknown): boolean {
  return (
    (e instanceof PveHttpError && e.status === 404) ||
    (e instanceof PveError && /does not exist/.test(pveErrorText(e)))
  );
}

export function isExistingFileRefusal(e: unknown): boolean {
  return e instanceof PveError && /refusing to override existing file/.test(pveErrorText(e));
}

/** pveproxy could not reach the node that owns the path (595 no route, 596 connection). */
export function isNodeUnreachable(e: unknown): boolean {
  const status = pveStatusOf(e);
  return status === 595 || status === 596;
}

/**
 * 500 "No QEMU guest agent configured": the VM's config has no `agent` option enabled, so PVE
 * never asks the guest (qemu-server's agent_available). Waiting cannot help; the template must
 * enable the agent.
 */
export function isAgentNotConfigured(e: unknown): boolean {
  return e instanceof PveHttpError && /No QEMU guest agent configured/.test(pveErrorText(e));
}
