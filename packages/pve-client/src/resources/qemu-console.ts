import type { Socket } from 'node:net';
import { WebSocket } from 'ws';
import type { ClientCore } from '../client-core.js';
import { PveAuthError, PveHttpError, PveNetworkError } from '../errors.js';
import { seg } from '../http/encode.js';
import { connectVerified } from '../http/tls-socket.js';
import type { TlsOptions } from '../http/tls.js';

type Sig = { signal?: AbortSignal };

/** POST vncproxy's answer (qemu-server 9.1.8+), plus the endpoint that answered it. */
export interface VncProxyTicket {
  /** The authenticated id the ticket is bound to: user@realm, or user@realm!token for tokens. */
  user: string;
  /** VNC ticket (prefixed "<password>:"), valid ~40 s, bound to user, /vms/VMID and port. */
  ticket: string;
  /** 8-character password for VNC Authentication inside RFB (expires 30 s after connecting). */
  password: string;
  /** 5900-5999: the port the proxy task listens on, for vncwebsocket's `port`. */
  port: number;
  /** The `vncproxy` task: it fails with "connection timed out" if nobody connects in ~10 s. */
  upid: string;
  cert: string;
  /** The PVE endpoint that ran vncproxy; the WebSocket must go to the same one. */
  endpoint: string;
}

export interface OpenVncOptions extends Sig {
  /** Connect + upgrade timeout (default: the client's connect timeout). */
  timeoutMs?: number;
}

export interface QemuConsoleApi {
  /** PUT sendkey with a QEMU key name ('ret', 'ctrl-alt-delete', 'shift-a'); VM.Console. */
  sendkey(node: string, vmid: number, key: string, o?: Sig): Promise<void>;
  /** POST vncproxy with websocket=1 (VM.Console). */
  vncproxy(node: string, vmid: number, o?: Sig): Promise<VncProxyTicket>;
  /**
   * GET vncwebsocket upgraded to a WebSocket on `proxy.endpoint`, authenticated like every other
   * call (PVEAPIToken header or PVEAuthCookie) under the client's TLS policy. Resolves when open,
   * PAUSED: attach 'message' listeners, then call `ws.resume()` (the first RFB bytes can arrive
   * with the 101). Binary messages carry RFB; the caller does VNC authentication with
   * `proxy.password`. A refused upgrade throws PveHttpError (401 "permission denied - invalid
   * PVEVNC ticket", 403, ...); a closed connection without answer, PveNetworkError.
   */
  openVncWebsocket(
    node: string,
    vmid: number,
    proxy: Pick<VncProxyTicket, 'port' | 'ticket' | 'endpoint'>,
    o?: OpenVncOptions,
  ): Promise<WebSocket>;
}

/** QEMU key names joined by '-', or scancodes (0x1c): nothing else reaches the HMP monitor. */
const KEY_SPEC = /^(?:[a-z0-9_]+|0x[0-9a-f]+)(?:-(?:[a-z0-9_]+|0x[0-9a-f]+))*$/i;

export interface ConsoleDeps {
  currentEndpoint(): string;
  tls: TlsOptions | undefined;
  connectTimeoutMs: number;
}

export function qemuConsoleApi(core: ClientCore, deps: ConsoleDeps): QemuConsoleApi {
  const vm = (node: string, vmid: number): string => `/nodes/${seg(node)}/qemu/${seg(vmid)}`;
  return {
    async sendkey(node, vmid, key, o = {}) {
      if (!KEY_SPEC.test(key)) throw new TypeError(`not a QEMU key name: ${JSON.stringify(key)}`);
      await core.request<null>(
        'PUT',
        `${vm(node, vmid)}/sendkey`,
        { key },
        o.signal ? { signal: o.signal } : {},
      );
    },
    async vncproxy(node, vmid, o = {}) {
      const data = await core.request<Omit<VncProxyTicket, 'endpoint'>>(
        'POST',
        `${vm(node, vmid)}/vncproxy`,
        { websocket: true },
        o.signal ? { signal: o.signal } : {},
      );
      return { ...data, port: Number(data.port), endpoint: deps.currentEndpoint() };
    },
    async openVncWebsocket(node, vmid, proxy, o = {}) {
      const path = `${vm(node, vmid)}/vncwebsocket`;
      const q = new URLSearchParams({ port: String(proxy.port), vncticket: proxy.ticket });
      const url = `${proxy.endpoint.replace(/^http/, 'ws')}/api2/json${path}?${q}`;
      const timeoutMs = o.timeoutMs ?? deps.connectTimeoutMs;
      const secrets = (): string[] => [...core.auth.secrets(), proxy.ticket];
      const attempt = async (): Promise<{
        ws?: WebSocket;
        status?: number;
        generation: number;
      }> => {
        const auth = await core.auth.headersFor('GET', o.signal);
        const socket = await connectVerified(proxy.endpoint, deps.tls, timeoutMs).catch(
          (err: unknown) => {
            throw new PveNetworkError(
              `cannot connect to ${proxy.endpoint} for ${path}: ${String(err)}`,
              {
                method: 'GET',
                path,
                connectPhase: true,
                secrets: secrets(),
                cause: err,
              },
            );
          },
        );
        return new Promise((resolve, reject) => {
          const ws = new WebSocket(url, ['binary'], {
            headers: auth.headers,
            createConnection: () => socket as Socket,
            handshakeTimeout: timeoutMs,
            perMessageDeflate: false,
          });
          const onAbort = (): void => ws.terminate();
          o.signal?.addEventListener('abort', onAbort, { once: true });
          ws.once('open', () => {
            ws.pause();
            o.signal?.removeEventListener('abort', onAbort);
            resolve({ ws, generation: auth.generation });
          });
          ws.once('unexpected-response', (_req, res) => {
            const status = res.statusCode ?? 0;
            const reason = res.statusMessage ?? '';
            res.resume();
            ws.terminate();
            if (status === 401 && core.auth.kind === 'ticket' && !/vnc ticket/i.test(reason))
              return resolve({ status, generation: auth.generation });
            const Err = status === 401 ? PveAuthError : PveHttpError;
            reject(new Err({ status, reason, method: 'GET', path, secrets: secrets() }));
          });
          ws.once('error', (err) =>
            reject(
              new PveNetworkError(`WebSocket upgrade for ${path} failed: ${err.message}`, {
                method: 'GET',
                path,
                secrets: secrets(),
                cause: err,
              }),
            ),
          );
        });
      };
      let r = await attempt();
      // A stale ticket (auth-layer 401): log in again once, like every other request.
      if (!r.ws && (await core.auth.recover(r.generation, o.signal))) r = await attempt();
      if (!r.ws)
        throw new PveAuthError({
          status: r.status ?? 401,
          reason: 'Authentication failed!',
          method: 'GET',
          path,
        });
      return r.ws;
    },
  };
}
