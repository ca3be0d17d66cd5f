import type { BuildRequest, Iso } from '@labforge/contracts';
import { readBridges, supportsMsCert2023k } from './cluster-facts.js';
import type { EngineEnv } from './engine-env.js';
import { BuilderError, pveText } from './errors.js';
import type { IsoInventory } from './iso-inventory.js';
import { decidePlacement, type PlacementDecision, type PlacementFacts } from './placement.js';
import type { PveResource } from './pve-port.js';
import { EFI_DISK_BYTES, GiB, MiB, TPM_STATE_BYTES } from './sizes.js';
import type { StepRunner } from './step-runner.js';
import { virtioByNode } from './virtio.js';
import { resolveSpec, type VmSpec } from './vm-spec.js';

export type Listing = Awaited<ReturnType<IsoInventory['list']>>;

export interface BuildPlan {
  spec: VmSpec;
  iso: Iso;
  decision: PlacementDecision;
  node: string;
  storages: PveResource[];
  msCert: boolean;
  warnings: string[];
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

export async function placementFacts(
  env: EngineEnv,
  req: BuildRequest,
  spec: VmSpec,
  listing: Listing,
  iso: Iso,
  plannedMemory?: Map<string, number>,
): Promise<PlacementFacts> {
  const online = new Set(
    listing.nodeResources.filter((n) => n.status === 'online').map((n) => n.node),
  );
  const asked = req.node !== undefined ? [req.node] : iso.nodes.filter((n) => online.has(n));
  const bridges = new Map<string, string[] | Error>();
  await Promise.all(
    asked.map(async (n) => {
      try {
        bridges.set(
          n,
          (await readBridges(env.client, n)).map((b) => b.iface),
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
      virtio = { readable: virtioByNode(listing.isos) };
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
    ...(plannedMemory ? { plannedMemory } : {}),
  };
}

/** Steps resolve-iso and place: everything decided before touching the cluster. */
export async function planBuild(
  env: EngineEnv,
  req: BuildRequest,
  run: StepRunner,
  opts: { plannedMemory?: Map<string, number> } = {},
): Promise<BuildPlan> {
  const spec = resolveSpec(req);
  const { listing, iso } = await run.step(
    'resolve-iso',
    () => resolveIso(env, req.iso_file),
    (r) => `${r.iso.volid} readable by ${r.iso.nodes.join(', ')}`,
  );
  const decision = await run.step(
    'place',
    async () =>
      decidePlacement(await placementFacts(env, req, spec, listing, iso, opts.plannedMemory)),
    (d) => d.placement.reason,
  );
  const msCert = supportsMsCert2023k(await env.version());
  return {
    spec,
    iso,
    decision,
    node: decision.chosen.node,
    storages: listing.storageResources,
    msCert,
    warnings: [...spec.warnings, ...decision.warnings],
  };
}
