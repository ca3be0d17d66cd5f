import http from 'node:http';
import https from 'node:https';

export interface FetchResponse {
  status: number;
  statusText: string;
  headers: http.IncomingHttpHeaders;
  url: string;
  /** The body stream (already consumed/destroyed for HEAD). */
  body: http.IncomingMessage;
}

export interface FetchOptions {
  method: 'GET' | 'HEAD';
  verifyCertificates: boolean;
  signal?: AbortSignal;
  maxRedirects?: number;
}

/** A plain HTTP(S) request as the node's wget/LWP would make it (redirects followed). */
export function httpFetch(url: string, opts: FetchOptions): Promise<FetchResponse> {
  const redirectsLeft = opts.maxRedirects ?? 5;
  return new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return reject(new Error(`Bad URL '${url}'`));
    }
    const lib = target.protocol === 'https:' ? https : http;
    const req = lib.request(
      target,
      {
        method: opts.method,
        headers: { 'user-agent': 'Proxmox VE' },
        rejectUnauthorized: opts.verifyCertificates,
        ...(opts.signal ? { signal: opts.signal } : {}),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const location = res.headers.location;
        if (status >= 300 && status < 400 && location && redirectsLeft > 0) {
          res.resume();
          const next = new URL(location, target).toString();
          httpFetch(next, { ...opts, maxRedirects: redirectsLeft - 1 }).then(resolve, reject);
          return;
        }
        resolve({
          status,
          statusText: res.statusMessage ?? '',
          headers: res.headers,
          url: target.toString(),
          body: res,
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** OS-style reason for a socket error (ECONNREFUSED -> "Connection refused"). */
export function socketReason(err: unknown): string {
  const code = (err as { code?: string }).code;
  const known: Record<string, string> = {
    ECONNREFUSED: 'Connection refused',
    ECONNRESET: 'Connection reset by peer',
    ETIMEDOUT: 'Connection timed out',
    EHOSTUNREACH: 'No route to host',
    ENOTFOUND: 'Name or service not known',
    EAI_AGAIN: 'Temporary failure in name resolution',
  };
  if (code && known[code]) return known[code];
  return err instanceof Error ? err.message : String(err);
}
