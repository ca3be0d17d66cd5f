import {
  createPveClient,
  createSshExecutor,
  type PveClientOptions,
  type SshExecutor,
} from '@labforge/pve-client';
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { AppConfig, ClusterConfig } from '../config/schema.js';
import type {
  BootKeySchedule,
  BuilderEngine,
  ClusterRuntime,
  DeployTuning,
} from '@labforge/engine';
import type { ClusterHandle } from './handle.js';

export type EngineFactory = (
  runtime: ClusterRuntime,
  deps: { logger: Logger; bootKeys?: BootKeySchedule; deploy?: DeployTuning },
) => BuilderEngine;

function tlsOptions(c: ClusterConfig): PveClientOptions['tls'] {
  const ca = c.tls.ca ?? (c.tls.ca_file ? readFileSync(c.tls.ca_file, 'utf8') : undefined);
  return {
    ...(c.tls.fingerprint ? { fingerprint: c.tls.fingerprint } : {}),
    ...(ca ? { ca } : {}),
    ...(c.tls.insecure ? { insecure: true } : {}),
  };
}

function sshFactory(
  c: ClusterConfig,
  cache: Map<string, SshExecutor>,
): ((node: string) => SshExecutor) | undefined {
  const ssh = c.ssh;
  if (!ssh) return undefined;
  const privateKey =
    ssh.private_key ??
    (ssh.private_key_file ? readFileSync(ssh.private_key_file, 'utf8') : undefined);
  return (node) => {
    let exec = cache.get(node);
    if (!exec) {
      const fingerprint = ssh.host_key_fingerprints[node] ?? ssh.host_key_fingerprints['*'];
      if (!fingerprint) throw new Error(`no SSH host key fingerprint configured for node ${node}`);
      exec = createSshExecutor({
        host: ssh.hosts[node] ?? node,
        port: ssh.port,
        username: ssh.username,
        ...(ssh.password ? { password: ssh.password } : {}),
        ...(privateKey ? { privateKey } : {}),
        hostKeyFingerprint: fingerprint,
        timeoutMs: ssh.timeout_ms,
      });
      cache.set(node, exec);
    }
    return exec;
  };
}

/**
 * One client and one engine per configured cluster, made once at start (each engine owns its
 * cluster's ISO cache and VMID lock). Credentials stay inside the client.
 */
export function createClusterHandles(
  config: AppConfig,
  logger: Logger,
  createEngine: EngineFactory,
  clientOverrides: Partial<PveClientOptions> = {},
): Map<string, ClusterHandle> {
  const handles = new Map<string, ClusterHandle>();
  for (const c of config.clusters) {
    const log = logger.child({ cluster: c.id });
    if (c.tls.insecure) log.warn('TLS verification is OFF for this cluster (tls.insecure)');
    const client = createPveClient({
      endpoints: c.endpoints,
      auth: c.token
        ? { kind: 'token', tokenId: c.token.id, secret: c.token.secret }
        : { kind: 'ticket', username: c.user!.username, password: c.user!.password },
      tls: tlsOptions(c),
      spreadReads: c.spread_reads,
      logger: log,
      ...clientOverrides,
    });
    const sshSessions = new Map<string, SshExecutor>();
    const ssh = sshFactory(c, sshSessions);
    const runtime: ClusterRuntime = {
      id: c.id,
      name: c.name,
      client,
      webUiUrl: (c.web_ui_url ?? c.endpoints[0]!).replace(/\/+$/, ''),
      virtio: c.virtio,
      defaults: c.defaults,
      reads: { perNode: c.proxmox_reads.per_node, total: c.proxmox_reads.total },
      scripts: { agentWaitMs: c.script_agent_wait_s * 1000 },
      ...(ssh ? { ssh } : {}),
    };
    handles.set(c.id, {
      id: c.id,
      name: c.name,
      engine: createEngine(runtime, {
        logger: log,
        bootKeys: {
          firstMs: config.boot_keys.first_ms,
          intervalMs: config.boot_keys.interval_ms,
          presses: config.boot_keys.presses,
        },
        deploy: {
          perNode: c.clones.per_node,
          perStorage: c.clones.per_storage,
          lockRetries: c.clones.lock_retries,
          retryBaseMs: c.clones.retry_base_ms,
        },
      }),
      ping: async () => (await client.cluster.version()).version,
      close: async () => {
        await Promise.allSettled([...sshSessions.values()].map((s) => s.close()));
        await client.close();
      },
    });
  }
  return handles;
}
