import type { Bridge, ClusterNode, Storage } from '@labforge/contracts';
import type { EngineEnv } from './env.js';
import { BuilderError, stepError } from './errors/builder-error.js';
import { readCatalogue } from './inventory/catalogue.js';
import {
  readBridges,
  readResources,
  readVersion,
  storageFromNode,
  storageFromResource,
  toBridge,
  toClusterNode,
} from './inventory/cluster-facts.js';
import { IsoInventory } from './inventory/iso-inventory.js';
import { listPools } from './inventory/pools.js';
import * as build from './jobs/build.js';
import * as bulk from './jobs/bulk.js';
import * as deploy from './jobs/deploy.js';
import { checkDeploy, deployOptions } from './jobs/deploy-run.js';
import * as finalise from './jobs/finalise.js';
import * as isoDownload from './jobs/iso-download.js';
import * as runScriptJob from './jobs/run-script.js';
import { readLibrary } from './library/library.js';
import { IsoReferences } from './library/references.js';
import { removeIso } from './library/remove.js';
import { uploadIso } from './library/upload.js';
import { runPreflight } from './preflight/preflight.js';
import { readTemplateFacts } from './templates/facts.js';
import { writeTemplateNotes } from './templates/mirror.js';
import type { BuilderEngine, ClusterRuntime, EngineDeps } from './types.js';
import { KeyedLimiter } from './util/concurrency.js';
import { NodeReadLimiter } from './util/node-limiter.js';
import { TtlCache } from './util/ttl-cache.js';
import { VirtioFetcher } from './virtio/fetch.js';
import { osTypeInfos } from './vm/presets.js';
import { VmidAllocator } from './vm/vmid.js';
import { prepareConsole } from './vms/console.js';
import { describeVms } from './vms/describe.js';
import { destroyVm, ejectMedia } from './vms/manage.js';
import { DEFAULT_BOOT_KEYS, powerVm } from './vms/power.js';

const CPU_MODELS_TTL_MS = 10 * 60_000;

/** One engine per cluster, created once at start-up: it owns the ISO cache and the VMID lock. */
export function createBuilderEngine(cluster: ClusterRuntime, deps: EngineDeps = {}): BuilderEngine {
  const client = cluster.client;
  const now = deps.now ?? Date.now;
  const reads = new NodeReadLimiter({
    ...(cluster.reads?.perNode !== undefined ? { perNode: cluster.reads.perNode } : {}),
    ...(cluster.reads?.total !== undefined ? { total: cluster.reads.total } : {}),
  });
  const inventory = new IsoInventory(client, {
    ttlMs: deps.isoCacheTtlMs ?? 15_000,
    reads,
    now,
  });
  const references = new IsoReferences(client, {
    ttlMs: deps.isoCacheTtlMs ?? 15_000,
    reads,
    now,
  });
  // The configured virtio-win source; an admin's pin replaces `cluster.virtio` while it lasts.
  const configuredVirtio = cluster.virtio;
  let version: Promise<string | undefined> | undefined;
  // A node's CPU models change only with its QEMU: read once per node every few minutes.
  const cpuModels = new TtlCache<string[]>(CPU_MODELS_TTL_MS, now);
  const env: EngineEnv = {
    cluster,
    client,
    inventory,
    references,
    invalidateLibrary: () => {
      inventory.invalidate();
      references.invalidate();
    },
    virtioPin: { pinned: false },
    vmids: new VmidAllocator(client),
    virtio: new VirtioFetcher(cluster, client, inventory, deps.logger),
    nodeLimiter: new KeyedLimiter(deps.perNodeBuildConcurrency ?? 2),
    nodeUnreachableMs: deps.nodeUnreachableMs ?? 120_000,
    reads,
    logger: deps.logger,
    now,
    vmNodes: new Map(),
    version: () => (version ??= readVersion(client)),
    cpuModels: (node) =>
      cpuModels.get(node, () =>
        reads.run(node, async () => (await client.nodes.cpuModels(node)).map((m) => m.name)),
      ),
  };

  const deployDeps = {
    limits: {
      nodes: new KeyedLimiter(deps.deploy?.perNode ?? 3),
      storages: new KeyedLimiter(deps.deploy?.perStorage ?? 2),
    },
    tuning: deps.deploy ?? {},
  };

  /** One line per operation with its outcome; never request bodies (no secrets pass here). */
  async function logged<T>(
    op: string,
    ctx: { jobId: string; user: string },
    fn: () => Promise<T>,
  ): Promise<T> {
    const meta = { cluster: cluster.id, job: ctx.jobId, user: ctx.user, op };
    const started = now();
    try {
      const out = await fn();
      deps.logger?.info({ ...meta, ms: now() - started }, `${op} finished`);
      return out;
    } catch (err) {
      const e = err instanceof BuilderError ? { status: err.status, step: err.step } : {};
      deps.logger?.warn(
        {
          ...meta,
          ...e,
          ms: now() - started,
          err: err instanceof Error ? err.message : String(err),
        },
        `${op} failed`,
      );
      throw err;
    }
  }

  return {
    async listIsos({ node, refresh }) {
      if (node !== undefined) return inventory.listNode(node);
      const { isos, nodes, fetched_at } = await inventory.list(refresh === true);
      return { isos, nodes, fetched_at };
    },
    async listStorages({ node }): Promise<Storage[]> {
      if (node === undefined) {
        return (await readResources(client, 'storage'))
          .filter((s) => (s.content ?? '').split(',').includes('images'))
          .map(storageFromResource)
          .sort((a, b) => a.node.localeCompare(b.node) || a.storage.localeCompare(b.storage));
      }
      try {
        const list = await reads.run(node, () =>
          client.storage.list(node, { content: 'images', enabled: true }),
        );
        return list
          .map((s) => storageFromNode(node, s))
          .sort((a, b) => a.storage.localeCompare(b.storage));
      } catch (err) {
        throw stepError('list-storages', `Listing the storages of node ${node} failed`, err);
      }
    },
    async listNodes(): Promise<ClusterNode[]> {
      return (await readResources(client, 'node'))
        .map(toClusterNode)
        .sort((a, b) => a.node.localeCompare(b.node));
    },
    async listBridges(node): Promise<Bridge[]> {
      try {
        return (await reads.run(node, () => readBridges(client, node)))
          .map(toBridge)
          .sort((a, b) => a.iface.localeCompare(b.iface));
      } catch (err) {
        throw stepError('list-bridges', `Listing the bridges of node ${node} failed`, err);
      }
    },
    listPools: () => listPools(client),
    osTypes: () => osTypeInfos(),
    preflight: (req) => runPreflight(env, req),
    jobs: {
      build: {
        run: (req, ctx) => logged('build', ctx, () => build.run(env, req, ctx)),
        reconcile: (req, ctx, checkpoint) =>
          logged('reconcile build', ctx, () => build.reconcile(env, req, ctx, checkpoint)),
      },
      bulk: {
        run: (req, ctx) => logged('bulk', ctx, () => bulk.run(env, req, ctx)),
        reconcile: (req, ctx) =>
          logged('reconcile bulk', ctx, () => bulk.reconcile(env, req, ctx, deps.reconcile)),
      },
      finalise: {
        run: (req, ctx) => logged('finalise', ctx, () => finalise.run(env, req, ctx)),
        reconcile: (req, ctx, checkpoint) =>
          logged('reconcile finalise', ctx, () => finalise.reconcile(env, req, ctx, checkpoint)),
      },
      'iso-download': {
        run: (req, ctx) => logged('iso download', ctx, () => isoDownload.run(env, req, ctx)),
        reconcile: (req, ctx, checkpoint) =>
          logged('reconcile iso download', ctx, () =>
            isoDownload.reconcile(env, req, ctx, checkpoint),
          ),
      },
      'run-script': {
        run: (req, ctx) => logged('run script', ctx, () => runScriptJob.run(env, req, ctx)),
        reconcile: (req, ctx, checkpoint) =>
          logged('reconcile run script', ctx, () =>
            runScriptJob.reconcile(env, req, ctx, checkpoint),
          ),
      },
      deploy: {
        run: (req, ctx) => logged('deploy', ctx, () => deploy.run(env, req, ctx, deployDeps)),
        reconcile: (req, ctx, checkpoint) =>
          logged('reconcile deploy', ctx, () =>
            deploy.reconcile(env, req, ctx, deployDeps, checkpoint),
          ),
      },
    },
    deploy: {
      check: (req) => checkDeploy(env, req),
      options: (vmid) => deployOptions(env, vmid),
    },
    catalogue: () => readCatalogue(env),
    invalidateIsos: () => env.invalidateLibrary(),
    isoLibrary: (q = {}) => readLibrary(env, q.refresh === true),
    uploadIso: (p) => uploadIso(env, p),
    removeIso: (p) => removeIso(env, p),
    pinVirtio(pin) {
      cluster.virtio = pin ? { url: pin.url, sha256: pin.sha256.toLowerCase() } : configuredVirtio;
      env.virtioPin.pinned = pin !== undefined;
      return { filename: env.virtio.filename() };
    },
    virtioSource() {
      const { url, sha256 } = cluster.virtio;
      return {
        url,
        ...(sha256 ? { sha256 } : {}),
        filename: env.virtio.filename(),
        pinned: env.virtioPin.pinned,
      };
    },
    vms: {
      describe: (vmids) => describeVms(env, vmids),
      power: (vmid, action) => powerVm(env, vmid, action, deps.bootKeys ?? DEFAULT_BOOT_KEYS),
      eject: (vmid) => ejectMedia(env, vmid),
      destroy: (vmid) => destroyVm(env, vmid),
      prepareConsole: (vmid) => prepareConsole(env, vmid),
    },
    templates: {
      facts: (vmids) => readTemplateFacts(env, vmids),
      writeNotes: (vmid, input) => writeTemplateNotes(env, vmid, input),
    },
  };
}
