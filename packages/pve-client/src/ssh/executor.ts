import { Client, type ClientChannel, type ConnectConfig } from 'ssh2';
import { PveAbortError, PveSshError, PveTimeoutError } from '../errors.js';
import { normalizeSshFingerprint, sshFingerprint } from './host-key.js';
import { shellJoin } from './shell-quote.js';

export interface SshExecutorOptions {
  host: string;
  port?: number;
  username: string;
  password?: string;
  privateKey?: string;
  passphrase?: string;
  /** 'SHA256:base64' as OpenSSH prints it. Required: a host key is never accepted blindly. */
  hostKeyFingerprint: string;
  /** Connect (handshake) timeout and default per-command timeout. */
  timeoutMs?: number;
  /** Output cap per stream; more is dropped and `truncated` is set. */
  maxOutputBytes?: number;
}

export interface SshRunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Set when the command was killed by a signal. */
  signal?: string;
  truncated?: boolean;
}

export interface SshExecutor {
  run(argv: string[], opts?: { timeoutMs?: number; signal?: AbortSignal }): Promise<SshRunResult>;
  close(): Promise<void>;
}

/** Runs argv on a PVE node over SSH; one connection, opened lazily and reused. */
export function createSshExecutor(opts: SshExecutorOptions): SshExecutor {
  if (!opts.hostKeyFingerprint) throw new TypeError('hostKeyFingerprint is required');
  const pinned = normalizeSshFingerprint(opts.hostKeyFingerprint);
  if (!opts.password && !opts.privateKey) throw new TypeError('password or privateKey is required');
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const maxBytes = opts.maxOutputBytes ?? 8 * 1024 * 1024;
  const secrets = [opts.password, opts.privateKey, opts.passphrase].filter((s): s is string => !!s);
  let connecting: Promise<Client> | undefined;

  const connect = (): Promise<Client> => {
    connecting ??= new Promise<Client>((resolve, reject) => {
      const client = new Client();
      let seen: string | undefined;
      const config: ConnectConfig = {
        host: opts.host,
        port: opts.port ?? 22,
        username: opts.username,
        readyTimeout: timeoutMs,
        hostVerifier: (key: Buffer) => {
          seen = sshFingerprint(key);
          return seen === pinned;
        },
        ...(opts.password ? { password: opts.password } : {}),
        ...(opts.privateKey ? { privateKey: opts.privateKey } : {}),
        ...(opts.passphrase ? { passphrase: opts.passphrase } : {}),
      };
      client.once('ready', () => resolve(client));
      client.on('error', (err: Error) => {
        connecting = undefined;
        const mismatch = seen !== undefined && seen !== pinned;
        reject(
          new PveSshError(
            mismatch
              ? `SSH host key of ${opts.host} is ${seen}, expected ${pinned}: refusing to connect`
              : `SSH connection to ${opts.host} failed: ${err.message}`,
            { cause: err, secrets },
          ),
        );
      });
      client.on('close', () => {
        connecting = undefined;
      });
      client.connect(config);
    });
    return connecting;
  };

  const exec = (client: Client, command: string): Promise<ClientChannel> =>
    new Promise((resolve, reject) => {
      client.exec(command, (err, stream) => (err ? reject(err) : resolve(stream)));
    });

  return {
    async run(argv, runOpts = {}) {
      const command = shellJoin(argv);
      if (runOpts.signal?.aborted) throw new PveAbortError('SSH command aborted');
      const client = await connect();
      let stream: ClientChannel;
      try {
        stream = await exec(client, command);
      } catch (err) {
        throw new PveSshError(`SSH exec on ${opts.host} failed: ${(err as Error).message}`, {
          cause: err,
          secrets,
        });
      }
      const limit = runOpts.timeoutMs ?? timeoutMs;
      return new Promise<SshRunResult>((resolve, reject) => {
        const out: Buffer[] = [];
        const errOut: Buffer[] = [];
        let sizes = [0, 0];
        let truncated = false;
        const collect = (buf: Buffer[], i: 0 | 1) => (chunk: Buffer) => {
          if (sizes[i]! + chunk.length > maxBytes) {
            truncated = true;
            return;
          }
          sizes =
            i === 0 ? [sizes[0]! + chunk.length, sizes[1]!] : [sizes[0]!, sizes[1]! + chunk.length];
          buf.push(chunk);
        };
        const finish = (fn: () => void): void => {
          clearTimeout(timer);
          runOpts.signal?.removeEventListener('abort', onAbort);
          fn();
        };
        const kill = (): void => {
          try {
            stream.signal('KILL');
          } catch {
            // the server may not support signals; closing the channel is enough
          }
          stream.close();
        };
        const timer = setTimeout(() => {
          kill();
          finish(() =>
            reject(
              new PveTimeoutError(`SSH command timed out after ${limit} ms`, { timeoutMs: limit }),
            ),
          );
        }, limit);
        const onAbort = (): void => {
          kill();
          finish(() => reject(new PveAbortError('SSH command aborted')));
        };
        runOpts.signal?.addEventListener('abort', onAbort, { once: true });
        // The signal may have fired while the channel was being opened.
        if (runOpts.signal?.aborted) onAbort();
        stream.on('data', collect(out, 0));
        stream.stderr.on('data', collect(errOut, 1));
        stream.on('close', (code: number | null, signal?: string) => {
          finish(() =>
            resolve({
              code: code ?? -1,
              stdout: Buffer.concat(out).toString('utf8'),
              stderr: Buffer.concat(errOut).toString('utf8'),
              ...(signal ? { signal } : {}),
              ...(truncated ? { truncated } : {}),
            }),
          );
        });
      });
    },
    async close() {
      const pending = connecting;
      connecting = undefined;
      if (!pending) return;
      const client = await pending.catch(() => undefined);
      if (!client) return;
      await new Promise<void>((resolve) => {
        client.once('close', () => resolve());
        client.end();
      });
    },
  };
}
