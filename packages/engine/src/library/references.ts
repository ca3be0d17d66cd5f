import type { IsoUse } from '@labforge/contracts';
import type { ClusterResource, PveClient, QemuConfig } from '@labforge/pve-client';
import { pveText } from '../errors/builder-error.js';
import { SingleFlight } from '../util/concurrency.js';
import type { NodeReadLimiter } from '../util/node-limiter.js';

const DRIVE = /^(ide|sata|scsi|virtio)\d+$/;

/** A VM whose config could not be read: what it references is unknown. */
export interface UnreadVm {
  vmid: number;
  node: string;
  name?: string;
  error: string;
}

export interface IsoReferenceMap {
  /** volid -> the VMs and templates whose config holds it in a drive. */
  uses: Map<string, IsoUse[]>;
  unread: UnreadVm[];
  fetched_at: number;
}

/** The volume ids of ISO images a VM config references (`ide2: local:iso/x.iso,media=cdrom`). */
export function isoVolumesOf(cfg: QemuConfig): Array<{ drive: string; volid: string }> {
  const out: Array<{ drive: string; volid: string }> = [];
  for (const [key, value] of Object.entries(cfg)) {
    if (!DRIVE.test(key) || typeof value !== 'string') continue;
    const volid = value.split(',')[0] ?? '';
    if (/^[^:]+:iso\//.test(volid)) out.push({ drive: key, volid });
  }
  return out;
}

/**
 * Which VMs and templates reference which ISO: one `/cluster/resources?type=vm`, then every
 * config in bounded parallel. Cached like the ISO inventory (seconds), shared by concurrent
 * callers, invalidated whenever LabForge adds or removes an ISO. A removal always reads fresh.
 */
export class IsoReferences {
  private snapshot: IsoReferenceMap | undefined;
  private generation = 0;
  private readonly flight = new SingleFlight<IsoReferenceMap>();

  constructor(
    private readonly client: PveClient,
    private readonly opts: { ttlMs: number; reads: NodeReadLimiter; now: () => number },
  ) {}

  invalidate(): void {
    this.generation++;
    this.snapshot = undefined;
  }

  async read(refresh = false): Promise<IsoReferenceMap> {
    const snap = this.snapshot;
    if (!refresh && snap && this.opts.now() - snap.fetched_at < this.opts.ttlMs) return snap;
    const gen = this.generation;
    const fresh = await this.flight.run(`refs-${gen}-${refresh}`, () => this.scan());
    if (gen === this.generation) this.snapshot = fresh;
    return fresh;
  }

  private async scan(): Promise<IsoReferenceMap> {
    const vms = (await this.client.cluster.resources('vm')).filter(
      (v): v is ClusterResource & { node: string; vmid: number } =>
        v.type === 'qemu' && typeof v.node === 'string' && typeof v.vmid === 'number',
    );
    const uses = new Map<string, IsoUse[]>();
    const unread: UnreadVm[] = [];
    await Promise.all(
      vms.map(async (vm) => {
        let cfg: QemuConfig;
        try {
          // Bounded per node like every other read (PVE runs 3 API workers per daemon).
          cfg = await this.opts.reads.run(vm.node, () => this.client.qemu.config(vm.node, vm.vmid));
        } catch (err) {
          unread.push({
            vmid: vm.vmid,
            node: vm.node,
            ...(vm.name ? { name: vm.name } : {}),
            error: pveText(err),
          });
          return;
        }
        const template = cfg.template === 1 || cfg.template === '1' || vm.template === 1;
        for (const { drive, volid } of isoVolumesOf(cfg)) {
          const list = uses.get(volid) ?? [];
          list.push({
            vmid: vm.vmid,
            node: vm.node,
            template,
            drive,
            ...(typeof cfg.name === 'string'
              ? { name: cfg.name }
              : vm.name
                ? { name: vm.name }
                : {}),
          });
          uses.set(volid, list);
        }
      }),
    );
    for (const list of uses.values()) list.sort((a, b) => a.vmid - b.vmid);
    return { uses, unread, fetched_at: this.opts.now() };
  }
}
