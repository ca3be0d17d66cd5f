import { z } from 'zod';

/** One ISO image as the builder sees it: where it is, and which nodes can read it. */
export const isoSchema = z
  .object({
    volid: z.string(),
    name: z.string(),
    size: z.number().int().nonnegative(),
    /** The node it was listed from; for shared storage the first node that can read it. */
    node: z.string(),
    storage: z.string(),
    /** True when the storage is shared, so every node in `nodes` can boot from it. */
    shared: z.boolean(),
    /** Every online-or-known node that can read this volid. */
    nodes: z.array(z.string()),
    ctime: z.number().int().optional(),
    /** OS type suggested from the file name, when recognised. */
    os_hint: z.string().optional(),
  })
  .meta({ id: 'Iso' });
export type Iso = z.infer<typeof isoSchema>;

export const NODE_SCAN_STATES = ['ok', 'offline', 'error'] as const;
/** How reading one node's ISOs went: an offline node never hides the others. */
export const nodeScanSchema = z
  .object({
    node: z.string(),
    status: z.enum(NODE_SCAN_STATES),
    error: z.string().optional(),
    iso_count: z.number().int().nonnegative(),
  })
  .meta({ id: 'NodeScan' });
export type NodeScan = z.infer<typeof nodeScanSchema>;

export const isoListResponseSchema = z
  .object({
    ok: z.literal(true),
    isos: z.array(isoSchema),
    nodes: z.array(nodeScanSchema),
    /** Unix ms of the inventory this answer comes from (cached for seconds, not minutes). */
    fetched_at: z.number().int(),
  })
  .meta({ id: 'IsoList' });
export type IsoListResponse = z.infer<typeof isoListResponseSchema>;

export const storageSchema = z
  .object({
    storage: z.string(),
    node: z.string(),
    type: z.string(),
    content: z.array(z.string()),
    avail: z.number().nonnegative(),
    total: z.number().nonnegative(),
    used: z.number().nonnegative(),
    shared: z.boolean(),
    active: z.boolean(),
    /** Thin pools overcommit: a disk larger than `avail` is a warning there, not an error. */
    thin: z.boolean(),
  })
  .meta({ id: 'Storage' });
export type Storage = z.infer<typeof storageSchema>;

export const storageListResponseSchema = z
  .object({ ok: z.literal(true), storages: z.array(storageSchema) })
  .meta({ id: 'StorageList' });
export type StorageListResponse = z.infer<typeof storageListResponseSchema>;

export const clusterNodeSchema = z
  .object({
    node: z.string(),
    status: z.enum(['online', 'offline', 'unknown']),
    cpu: z.number().optional(),
    maxcpu: z.number().optional(),
    mem: z.number().optional(),
    maxmem: z.number().optional(),
  })
  .meta({ id: 'ClusterNode' });
export type ClusterNode = z.infer<typeof clusterNodeSchema>;

export const nodeListResponseSchema = z
  .object({ ok: z.literal(true), nodes: z.array(clusterNodeSchema) })
  .meta({ id: 'NodeList' });
export type NodeListResponse = z.infer<typeof nodeListResponseSchema>;

export const bridgeSchema = z
  .object({
    iface: z.string(),
    type: z.string(),
    active: z.boolean(),
    vlan_aware: z.boolean(),
    comments: z.string().optional(),
    cidr: z.string().optional(),
  })
  .meta({ id: 'Bridge' });
export type Bridge = z.infer<typeof bridgeSchema>;

export const bridgeListResponseSchema = z
  .object({ ok: z.literal(true), node: z.string(), bridges: z.array(bridgeSchema) })
  .meta({ id: 'BridgeList' });
export type BridgeListResponse = z.infer<typeof bridgeListResponseSchema>;

/** A Proxmox resource pool a class's VMs may be put in (Datacenter -> Permissions -> Pools). */
export const resourcePoolSchema = z
  .object({ poolid: z.string(), comment: z.string().optional() })
  .meta({ id: 'ResourcePool' });
export type ResourcePool = z.infer<typeof resourcePoolSchema>;

export const poolListResponseSchema = z
  .object({
    ok: z.literal(true),
    /** By pool id. */
    pools: z.array(resourcePoolSchema),
    /**
     * False when LabForge's Proxmox account may not see every pool: PVE lists only the pools it
     * has `Pool.Audit` on, so a pool missing here may still exist (the form lets it be typed).
     */
    complete: z.boolean(),
  })
  .meta({ id: 'PoolList' });
export type PoolListResponse = z.infer<typeof poolListResponseSchema>;
