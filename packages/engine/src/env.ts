import type { PveClient } from '@labforge/pve-client';
import type { IsoInventory } from './inventory/iso-inventory.js';
import type { IsoReferences } from './library/references.js';
import type { ClusterRuntime, Logger } from './types.js';
import type { KeyedLimiter } from './util/concurrency.js';
import type { NodeReadLimiter } from './util/node-limiter.js';
import type { VirtioFetcher } from './virtio/fetch.js';
import type { VmidAllocator } from './vm/vmid.js';

/** What every engine operation of one cluster shares. */
export interface EngineEnv {
  cluster: ClusterRuntime;
  client: PveClient;
  inventory: IsoInventory;
  /** Which VMs and templates reference which ISO (cached like the inventory). */
  references: IsoReferences;
  /** After LabForge added or removed an ISO: the inventory and the references read afresh. */
  invalidateLibrary(): void;
  /** Set while an admin's pin (URL + SHA-256) replaces the configured virtio-win source. */
  virtioPin: { pinned: boolean };
  vmids: VmidAllocator;
  virtio: VirtioFetcher;
  /** Bounds concurrent builds per node (config/storage locks time out beyond that). */
  nodeLimiter: KeyedLimiter;
  /** How long a task's node may stay unreachable before a wait gives up. */
  nodeUnreachableMs: number;
  /** Bounds Proxmox reads per node (PVE runs 3 API workers per daemon), plus a global cap. */
  reads: NodeReadLimiter;
  logger: Logger | undefined;
  now: () => number;
  /** A node's CPU model names (GET /nodes/{node}/capabilities/qemu/cpu), cached for minutes. */
  cpuModels: (node: string) => Promise<string[]>;
  /**
   * Where each VM was last seen (vmid -> node), from LabForge's own `/cluster/resources` reads:
   * an action on a VM the teacher just saw listed starts on that node and skips the listing
   * (one round trip less). A hint only: a VM that moved or went is looked up afresh.
   */
  vmNodes: Map<number, string>;
  /** PVE version (pve-manager), read once. */
  version: () => Promise<string | undefined>;
}
