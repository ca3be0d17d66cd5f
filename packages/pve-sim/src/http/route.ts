import type { IncomingMessage } from 'node:http';
import type { Encoding } from '../control/journal.js';
import type { Simulator } from '../simulator.js';
import type { Identity } from '../state/types.js';
import type { ReceivedUpload } from './upload-body.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteContext {
  sim: Simulator;
  id: Identity;
  /** Path params merged with query/body params; validated and coerced once validation ran. */
  params: Record<string, unknown>;
  encoding: Encoding;
  /** Fault injection: the next task this request starts fails with this text. */
  injectedTaskError?: string;
  /** Envelope extras (task log/list `total`). */
  total?: number;
  /** The file pveproxy stored for a multipart upload (POST .../upload). */
  upload?: ReceivedUpload;
}

export interface ApiRoute {
  method: HttpMethod;
  /** Template as in apidata.json, e.g. /nodes/{node}/qemu/{vmid}/config */
  path: string;
  /** proxyto => 'node': offline nodes answer 595, unknown nodes 500 before validation. */
  proxy?: boolean;
  /** Declarative permission check, run before parameter validation (skipped for root@pam). */
  check?: (ctx: RouteContext) => void;
  handler: (ctx: RouteContext) => unknown;
  /** A multipart file upload, received the way pveproxy does (see http/upload-body.ts). */
  upload?: boolean;
  /** For .../websocket paths: takes over an upgrade request once the handler answered. */
  websocket?: (ctx: RouteContext, req: IncomingMessage) => void;
}

export function str(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string'
    ? v
    : typeof v === 'number' || typeof v === 'boolean'
      ? String(v)
      : undefined;
}

export function int(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  return undefined;
}

/** Booleans arrive as 1/0 after validation; true/false from JSON before it. */
export function bool(v: unknown): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  return v === true || v === 1 || v === '1';
}
