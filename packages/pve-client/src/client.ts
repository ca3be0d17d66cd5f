import { ticketAuth } from './auth/ticket.js';
import { tokenAuth } from './auth/token.js';
import type { AuthStrategy } from './auth/types.js';
import { ClientCore, type Envelope, type RequestOptions } from './client-core.js';
import { DEFAULT_RETRY } from './http/retry-policy.js';
import { Transport, type HttpMethod } from './http/transport.js';
import { silentLogger } from './logger.js';
import { DEFAULT_POLL, DEFAULT_TIMEOUTS, type PveClientOptions } from './options.js';
import {
  clusterApi,
  networkApi,
  nodesApi,
  type ClusterApi,
  type NetworkApi,
  type NodesApi,
} from './resources/cluster.js';
import { accessApi, type AccessApi } from './resources/access.js';
import { poolsApi, type PoolsApi } from './resources/pools.js';
import { qemuApi, type QemuApi } from './resources/qemu.js';
import { qemuAgentApi, type QemuAgentApi } from './resources/qemu-agent.js';
import { qemuCloneApi, type QemuCloneApi } from './resources/qemu-clone.js';
import { qemuConsoleApi, type QemuConsoleApi } from './resources/qemu-console.js';
import { qemuPowerApi, type QemuPowerApi } from './resources/qemu-power.js';
import { storageApi, type StorageApi } from './resources/storage.js';
import { storageContentApi, type StorageContentApi } from './resources/storage-content.js';
import { storageUploadApi, type StorageUploadApi } from './resources/storage-upload.js';
import { tasksApi } from './tasks/tasks-api.js';
import type { TasksApi } from './tasks/types.js';
import type { Params } from './types.js';

export interface PveClient {
  /** Authenticated API call; returns PVE's `data`. Paths are relative to /api2/json. */
  request<T>(method: HttpMethod, path: string, params?: Params, opts?: RequestOptions): Promise<T>;
  /** Same, keeping the envelope's `total` (task logs, task lists). */
  requestEnvelope<T>(
    method: HttpMethod,
    path: string,
    params?: Params,
    opts?: RequestOptions,
  ): Promise<Envelope<T>>;
  cluster: ClusterApi;
  nodes: NodesApi;
  storage: StorageApi;
  /** ISO library: streamed uploads and volume removal (issue 12). */
  storageFiles: StorageUploadApi & StorageContentApi;
  network: NetworkApi;
  qemu: QemuApi & QemuCloneApi;
  /** QEMU guest agent of a VM (ping, exec, exec-status, get-osinfo). */
  agent: QemuAgentApi;
  /** start/shutdown/stop/reset/reboot, each returning its task's UPID. */
  qemuPower: QemuPowerApi;
  /** sendkey, vncproxy and the vncwebsocket upgrade. */
  qemuConsole: QemuConsoleApi;
  tasks: TasksApi;
  access: AccessApi;
  /** Resource pools (only those the caller has Pool.Audit on). */
  pools: PoolsApi;
  readonly authKind: 'token' | 'ticket';
  close(): Promise<void>;
}

export function createPveClient(opts: PveClientOptions): PveClient {
  const logger = opts.logger ?? silentLogger;
  const timeouts = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
  const retry = { ...DEFAULT_RETRY, ...opts.retry };
  const transport = new Transport({
    endpoints: opts.endpoints,
    ...(opts.tls ? { tls: opts.tls } : {}),
    connectTimeoutMs: timeouts.connectMs,
    retry,
    logger,
    // Called lazily (on errors), after `auth` exists.
    secrets: () => auth.secrets(),
    ...(opts.random ? { random: opts.random } : {}),
    ...(opts.spreadReads ? { spreadReads: true } : {}),
  });
  const auth: AuthStrategy =
    opts.auth.kind === 'token'
      ? tokenAuth(opts.auth.tokenId, opts.auth.secret)
      : ticketAuth({
          username: opts.auth.username,
          password: opts.auth.password,
          now: opts.now ?? Date.now,
          ...(opts.ticketRenewAfterMs ? { renewAfterMs: opts.ticketRenewAfterMs } : {}),
          logger,
          // Logging in twice is harmless, so the login may be retried like a read.
          login: (params) =>
            transport.send({
              method: 'POST',
              path: '/access/ticket',
              params,
              timeoutMs: timeouts.readMs,
              idempotent: true,
            }),
        });
  const core = new ClientCore(transport, auth, timeouts);
  return {
    request: (method, path, params, ro) => core.request(method, path, params, ro),
    requestEnvelope: (method, path, params, ro) => core.envelope(method, path, params, ro),
    cluster: clusterApi(core),
    nodes: nodesApi(core),
    storage: storageApi(core),
    storageFiles: { ...storageUploadApi(core), ...storageContentApi(core) },
    network: networkApi(core),
    qemu: { ...qemuApi(core), ...qemuCloneApi(core) },
    agent: qemuAgentApi(core),
    qemuPower: qemuPowerApi(core),
    qemuConsole: qemuConsoleApi(core, {
      currentEndpoint: () => transport.currentOrigin(),
      tls: opts.tls,
      connectTimeoutMs: timeouts.connectMs,
    }),
    tasks: tasksApi(core, timeouts, { ...DEFAULT_POLL, ...opts.poll }),
    access: accessApi(core),
    pools: poolsApi(core),
    authKind: auth.kind,
    close: () => transport.close(),
  };
}
