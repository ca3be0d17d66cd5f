import { Agent, request } from 'undici';
import type { RunningSimulator } from '../src/index.js';
import type { Auth } from './helpers.js';

export const BOUNDARY = '----labforgeTestBoundary7MA4YWxkTrZu0gW';

export type Part =
  { name: string; value: string } | { name: string; filename: string; data: Buffer };

/** A multipart/form-data body in the given part order, as a browser's FormData sends it. */
export function multipartBody(parts: Part[], boundary = BOUNDARY): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    if ('value' in p) {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`,
        ),
      );
    } else {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ),
        p.data,
        Buffer.from('\r\n'),
      );
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

const insecure = new Agent({ connect: { rejectUnauthorized: false } });

export interface UploadReply {
  status: number;
  reason: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- PVE JSON
  body: any;
}

/** POSTs a raw body to .../upload; `dropped` when the server closed without answering. */
export async function postUpload(
  sim: RunningSimulator,
  path: string,
  body: Buffer,
  auth: Auth,
  contentType = `multipart/form-data; boundary=${BOUNDARY}`,
): Promise<UploadReply | 'dropped'> {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (auth && 'ticket' in auth) headers.cookie = `PVEAuthCookie=${encodeURIComponent(auth.ticket)}`;
  else if (auth) headers.authorization = `PVEAPIToken=${auth.token}=${auth.secret}`;
  try {
    const res = await request(`${sim.url}/api2/json${path}`, {
      method: 'POST',
      headers,
      body,
      dispatcher: insecure,
    });
    const text = await res.body.text();
    return {
      status: res.statusCode,
      reason: res.statusText,
      body: text ? JSON.parse(text) : undefined,
    };
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (/SOCKET|ECONNRESET|UND_ERR/.test(code)) return 'dropped';
    throw err;
  }
}
