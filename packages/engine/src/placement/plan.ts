import type { BuildRequest, Iso } from '@labforge/contracts';
import type { ClusterResource } from '@labforge/pve-client';
import type { EngineEnv } from '../env.js';
import { BuilderError, pveText } from '../errors/builder-error.js';
import { readBridges, supportsMsCert2023k } from '../inventory/cluster-facts.js';
import type { IsoInventory } from '../inventory/iso-inventory.js';
import type { StepRunner } from '../steps/step-runner.js';
import { EFI_DISK_BYTES, GiB, MiB, TPM_STATE_BYTES } from '../util/sizes.js';
import { virtioByNode } from '../virtio/choose.js';
import { formatDescription, type BuildRecord } from '../vm/build-record.js';
import { buildCreateConfig, type CreateConfig, type VirtioState } from '../vm/config.js';
import { checkCpuModel } from '../vm/cpu-model.js';
import { resolveSpec, type VmSpec } from '../vm/spec.js';
import { decidePlacement, type PlacementDecision, type PlacementFacts } from './placement.js';

export type Listing = Awaited<ReturnType<IsoInventory['list']>>;

/**
 * The driver ISO a Windows build will use, decided with the node: one the node can already read
 * (attached in the create call), a download into one of its ISO storages (attached once there),
 * or none at all (no ISO storage: SATA disk and e1000e NIC instead of VirtIO).
 */
export type VirtioChoice =
  | { kind: 'not-needed' }
  | { kind: 'attach'; volid: string }
  | { kind: 'download'; storage: string }
  | { kind: 'none' };

export interface CreateInput {
  vmid: number;
  name: string;
  /** What became of the driver ISO: `attached` (in the create call), `pending`, `none`. */
  virtio: { state: VirtioState; volid?: string | undefined };
  /** Who, when and which job, for the VM's description. */
  record: Pick<BuildRecord, 'built_by' | 'built_at' | 'job_id'>;
}

/** Everything decided before touching the cluster: build executes it, preflight describes it. */
export interface BuildPlan {
  spec: VmSpec;
  iso: Iso;
  decision: PlacementDecision;
  node: string;
  storages: ClusterResource[];
  msCert: boolean;
  warnings: string[];
  virtio: VirtioChoice;
  /** The parameters of the one create call; throws a 400 BuilderError for a value PVE refuses. */
  createConfig(input: CreateInput): CreateConfig;
}

export function neededBytes(spec: VmSpec): number {
  return spec.diskGb * GiB + (spec.efiDisk ? EFI_DISK_BYTES : 0) + (spec.tpm ? TPM_STATE_BYTES : 0);
}

export async function resolveIso(
  env: EngineEnv,
  isoFile: string,
): Promise<{ listing: Listing; iso: Iso }> {
  let listing = await env.inventory.list();
  let iso = listing.isos.find((i) => i.volid === isoFile);
  // Uploaded a moment ago? One fresh look before saying it does not exist.
  if (!iso && env.now() - listing.fetched_at > 1000) {
    listing = await env.inventory.list(true);
    iso = listing.isos.find((i) => i.volid === isoFile);
  }
  if (!iso) {
    throw new BuilderError(404, 'ISO file not found on any node', {
      step: 'resolve-iso',
      details: { iso_file: isoFile },
    });
  }
  return { listing, iso };
}

async function placementFacts(
  env: EngineEnv,
  req: BuildRequest,
  spec: VmSpec,
  listing: Listing,
  iso: Iso,
): Promise<PlacementFacts> {
  const online = new Set(
    listing.nodeResources.filter((n) => n.status === 'online').map((n) => n.node),
  );
  const asked = req.node !== undefined ? [req.node] : iso.nodes.filter((n) => online.has(n));
  // The CPU models of every candidate node are read beside its bridges (cached for minutes),
  // so the check of the chosen node's model costs no round trip of its own.
  for (const n of asked) env.cpuModels(n).catch(() => undefined);
  const bridges = new Map<string, string[] | Error>();
  await Promise.all(
    asked.map(async (n) => {
      try {
        bridges.set(
          n,
          (await env.reads.run(n, () => readBridges(env.client, n))).map((b) => b.iface),
        );
      } catch (err) {
        bridges.set(n, new Error(pveText(err)));
      }
    }),
  );
  let virtio: PlacementFacts['virtio'];
  if (spec.wantsVirtio) {
    if (req.virtio_iso_file !== undefined) {
      const v = listing.isos.find((i) => i.volid === req.virtio_iso_file);
      if (!v) {
        throw new BuilderError(404, `VirtIO ISO ${req.virtio_iso_file} not found on any node`, {
          step: 'place',
          details: { virtio_iso_file: req.virtio_iso_file },
        });
      }
      virtio = { readable: new Map(v.nodes.map((n) => [n, v.volid])), explicit: v.volid };
    } else {
      virtio = {
        readable: virtioByNode(
          listing.isos,
          env.virtioPin.pinned ? env.virtio.filename() : undefined,
        ),
      };
    }
  }
  return {
    iso,
    isoFile: req.iso_file,
    nodes: listing.nodeResources,
    storages: listing.storageResources,
    bridges,
    bridge: req.network_bridge,
    storage: req.storage ?? env.cluster.defaults.storage,
    neededBytes: neededBytes(spec),
    memoryBytes: spec.memoryMb * MiB,
    explicitNode: req.node,
    ...(virtio ? { virtio } : {}),
  };
}

/** Space and memory an earlier item of a bulk build takes, so later items see what is left. */
function reserve(facts: PlacementFacts, decision: PlacementDecision, spec: VmSpec): void {
  const { node } = decision.chosen;
  const storage = decision.chosen.storage.storage;
  const bytes = neededBytes(spec);
  const planned = facts.plannedMemory ?? new Map<string, number>();
  planned.set(node, (planned.get(node) ?? 0) + spec.memoryMb * MiB);
  facts.plannedMemory = planned;
  const target = facts.storages.find((s) => s.node === node && s.storage === storage);
  const shared = target?.shared === 1;
  facts.storages = facts.storages.map((s): ClusterResource =>
    s.storage === storage && (shared || s.node === node)
      ? { ...s, disk: (s.disk ?? 0) + bytes }
      : s,
  );
}

interface Gathered {
  req: BuildRequest;
  spec: VmSpec;
  iso: Iso;
  listing: Listing;
  msCert: boolean;
}

function virtioChoice(env: EngineEnv, g: Gathered, decision: PlacementDecision): VirtioChoice {
  if (!g.spec.wantsVirtio) return { kind: 'not-needed' };
  const readable = decision.chosen.virtioVolid;
  if (readable) return { kind: 'attach', volid: readable };
  const target = env.virtio.targets(decision.chosen.node, g.listing.storageResources)[0];
  return target?.storage ? { kind: 'download', storage: target.storage } : { kind: 'none' };
}

function planFor(
  env: EngineEnv,
  g: Gathered,
  decision: PlacementDecision,
  warnings: string[],
): BuildPlan {
  const { req, spec } = g;
  const chosen = decision.chosen;
  return {
    spec,
    iso: g.iso,
    decision,
    node: chosen.node,
    storages: g.listing.storageResources,
    msCert: g.msCert,
    warnings,
    virtio: virtioChoice(env, g, decision),
    createConfig: ({ vmid, name, virtio, record }) =>
      buildCreateConfig({
        spec,
        vmid,
        name,
        isoFile: req.iso_file,
        storage: chosen.storage.storage,
        storageType: chosen.storage.type,
        bridge: req.network_bridge,
        virtio: { state: virtio.state, ...(virtio.volid ? { volid: virtio.volid } : {}) },
        msCert: g.msCert,
        description: formatDescription({
          ...record,
          iso_file: req.iso_file,
          os_type: spec.osType,
          ...(virtio.volid ? { virtio_iso_file: virtio.volid } : {}),
        }),
      }),
  };
}

/**
 * Step resolve-iso. The PVE version (read once per engine, never failing) is asked alongside
 * and awaited only once placement has read what it needs: it is one more parallel read then,
 * not a round trip of its own.
 */
async function gather(
  env: EngineEnv,
  req: BuildRequest,
  run: StepRunner,
): Promise<{ g: Omit<Gathered, 'msCert'>; msCert: Promise<boolean> }> {
  const spec = resolveSpec(req);
  const msCert = env.version().then(supportsMsCert2023k);
  const { listing, iso } = await run.step(
    'resolve-iso',
    () => resolveIso(env, req.iso_file),
    (r) => `${r.iso.volid} readable by ${r.iso.nodes.join(', ')}`,
  );
  return { g: { req, spec, iso, listing }, msCert };
}

/** Steps resolve-iso and place for one VM. */
export async function planBuild(
  env: EngineEnv,
  req: BuildRequest,
  run: StepRunner,
): Promise<BuildPlan> {
  const { g: base, msCert } = await gather(env, req, run);
  const decision = await run.step(
    'place',
    async () => {
      const d = decidePlacement(await placementFacts(env, req, base.spec, base.listing, base.iso));
      await checkCpuModel(env, d.chosen.node, base.spec.cpuType);
      return d;
    },
    (d) => d.placement.reason,
  );
  const g: Gathered = { ...base, msCert: await msCert };
  return planFor(env, g, decision, [...g.spec.warnings, ...decision.warnings]);
}

/**
 * Steps resolve-iso and place for `count` VMs of one configuration: placed one after the
 * other, each seeing the space and memory the previous ones took. An item no node can take is
 * its BuilderError. The hardware's warnings are the caller's to report once (`spec.warnings`).
 */
export async function planBulk(
  env: EngineEnv,
  req: BuildRequest,
  count: number,
  run: StepRunner,
): Promise<{ spec: VmSpec; plans: Array<BuildPlan | BuilderError> }> {
  const { g: base, msCert } = await gather(env, req, run);
  const facts = await placementFacts(env, req, base.spec, base.listing, base.iso);
  const g: Gathered = { ...base, msCert: await msCert };
  const plans = await run.step(
    'place',
    async () => {
      const planned = Array.from({ length: count }, (): BuildPlan | BuilderError => {
        try {
          const decision = decidePlacement(facts);
          reserve(facts, decision, g.spec);
          return planFor(env, g, decision, decision.warnings);
        } catch (err) {
          if (err instanceof BuilderError) return err;
          throw err;
        }
      });
      // Every node the class lands on must offer the CPU model: one refusal stops the whole job.
      const nodes = new Set(planned.flatMap((p) => (p instanceof BuilderError ? [] : [p.node])));
      await Promise.all([...nodes].map((node) => checkCpuModel(env, node, g.spec.cpuType)));
      return planned;
    },
    (ps) => spreadWords(ps.flatMap((p) => (p instanceof BuilderError ? [] : [p.node]))),
  );
  return { spec: g.spec, plans };
}

/** How a class was spread, in words: "2 VMs on pve1, 1 on pve2" (not "pve1: 2, pve2: 1"). */
export function spreadWords(nodes: readonly string[]): string {
  const perNode = new Map<string, number>();
  for (const n of nodes) perNode.set(n, (perNode.get(n) ?? 0) + 1);
  const parts = [...perNode].map(([n, c], i) =>
    i === 0 ? `${c} ${c === 1 ? 'VM' : 'VMs'} on ${n}` : `${c} on ${n}`,
  );
  return parts.join(', ') || 'no node has room for these VMs';
}
