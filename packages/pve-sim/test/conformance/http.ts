import { request } from 'undici';
import type { Encoding } from '../../src/schema/index.js';

/** A plain HTTP client for the conformance suite (its own, independent of the simulator's tests). */
export interface Reply {
  status: number;
  reason: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- arbitrary PVE JSON
  body: any;
}

export interface Session {
  ticket: string;
  csrf: string;
}

export interface Sent {
  method: string;
  path: string;
  params: Record<string, unknown>;
  encoding: Encoding;
}

function form(params: Record<string, unknown>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) p.append(k, String(v));
  return p.toString();
}

export async function send(
  baseUrl: string,
  session: Session | undefined,
  req: Sent,
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (session) {
    headers.cookie = `PVEAuthCookie=${encodeURIComponent(session.ticket)}`;
    headers.csrfpreventiontoken = session.csrf;
  }
  let url = `${baseUrl}/api2/json${req.path}`;
  let body: string | undefined;
  if (req.encoding === 'query') {
    const qs = form(req.params);
    if (qs) url += `?${qs}`;
  } else if (req.encoding === 'json') {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(req.params); // JSON.stringify drops undefined values
  } else {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = form(req.params);
  }
  const res = await request(url, {
    method: req.method as 'GET',
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await res.body.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.statusCode, reason: res.statusText, body: parsed };
}

export async function rootSession(
  baseUrl: string,
  username: string,
  password: string,
): Promise<Session> {
  const res = await send(baseUrl, undefined, {
    method: 'POST',
    path: '/access/ticket',
    params: { username, password },
    encoding: 'form',
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.reason}`);
  return {
    ticket: res.body.data.ticket as string,
    csrf: res.body.data.CSRFPreventionToken as string,
  };
}
