import type { SeedSsh, SimSeed } from '../seeds/types.js';
import { type SimClock, unixTime } from './clock.js';
import { makeGuest } from './guest.js';
import { BUILTIN_ROLES } from './roles.js';
import type {
  AclEntry,
  NodeState,
  StorageDef,
  StoragePool,
  TokenState,
  UserState,
  Volume,
  VmState,
} from './types.js';
import { contentOfVolume, formatOfVolume, seedVmVolumes } from './volume-names.js';

/** The whole simulated cluster; pure data plus lookups, no HTTP. */
export class ClusterState {
  clusterName: string | undefined;
  readonly nodes = new Map<string, NodeState>();
  readonly storages = new Map<string, StorageDef>();
  readonly pools = new Map<string, StoragePool>();
  readonly vms = new Map<number, VmState>();
  readonly users = new Map<string, UserState>();
  readonly tokens = new Map<string, TokenState>();
  readonly roles = new Map<string, Set<string>>();
  /** Resource pools (user.cfg `pool:` lines): VMs a pool groups (not storage pools above). */
  readonly resourcePools = new Map<string, { comment: string | undefined; vms: Set<number> }>();
  acl: AclEntry[] = [];
  ssh: SeedSsh = {};
  /** Files outside storage volumes written over SSH (temp files), keyed by node-or-*:path. */
  readonly scratch = new Map<string, Buffer>();

  static fromSeed(seed: SimSeed, clock: SimClock): ClusterState {
    const c = new ClusterState();
    const now = unixTime(clock);
    c.clusterName = seed.clusterName;
    for (const p of seed.resourcePools ?? [])
      c.resourcePools.set(p.poolid, { comment: p.comment, vms: new Set(p.vms ?? []) });
    seed.nodes.forEach((n, i) => {
      c.nodes.set(n.name, {
        name: n.name,
        nodeid: i + 1,
        online: n.online ?? true,
        cpu: n.cpu ?? 0.02,
        maxcpu: n.maxcpu,
        mem: n.mem,
        maxmem: n.maxmem,
        disk: n.disk ?? 3 * 1024 ** 3,
        maxdisk: n.maxdisk ?? 100 * 1024 ** 3,
        bootTime: now - (n.uptime ?? 86400 * 3 + i * 3600),
        ip: n.ip ?? `10.10.0.${11 + i}`,
        bridges: seed.bridges?.[n.name] ?? [],
      });
    });
    for (const s of seed.storages) {
      const def: StorageDef = {
        id: s.id,
        type: s.type,
        content: [...s.content],
        shared: s.shared ?? false,
        nodes: s.nodes,
        path: s.path ?? defaultPath(s.id, s.type),
        enabled: s.enabled ?? true,
        total: s.total,
        used: s.used,
        vgname: s.vgname ?? 'pve',
        thinpool: s.thinpool ?? 'data',
        pool: s.pool ?? 'rpool/data',
      };
      c.storages.set(def.id, def);
      for (const node of def.shared ? [null] : [...c.nodes.keys()]) {
        const key = poolKey(def, node);
        c.pools.set(key, {
          key,
          storage: def.id,
          total: s.total,
          used: s.used,
          allocated: s.used,
          volumes: new Map(),
        });
      }
    }
    for (const f of seed.files ?? []) {
      const [sid, name] = splitVolid(f.volid);
      const def = c.storages.get(sid);
      if (!def) throw new Error(`seed: file ${f.volid} on unknown storage`);
      const pool = c.pools.get(poolKey(def, f.node ?? null));
      if (!pool) throw new Error(`seed: file ${f.volid} needs a node (storage is not shared)`);
      pool.volumes.set(name, {
        volid: f.volid,
        storage: sid,
        name,
        content: contentOfVolume(def, name),
        format: formatOfVolume(def, name),
        size: f.size,
        ctime: f.ctime ?? now - 86400 * 30,
      });
    }
    for (const v of seed.vms ?? []) {
      const config = { ...v.config };
      if (v.name !== undefined) config.name = v.name;
      c.vms.set(v.vmid, {
        vmid: v.vmid,
        node: v.node,
        config,
        running: v.running ?? false,
        startedAt: now - 3600,
        pid: 4000 + v.vmid,
        ...(v.guest ? { guest: makeGuest(v.guest) } : {}),
      });
      for (const vol of seedVmVolumes(c, v.vmid, config)) {
        const pool = c.poolFor(vol.storage, v.node);
        if (pool && !pool.volumes.has(vol.name))
          pool.volumes.set(vol.name, { ...vol, ctime: now - 86400 });
      }
    }
    for (const u of seed.users ?? []) {
      c.users.set(u.userid, {
        userid: u.userid,
        password: u.password,
        enable: u.enable ?? true,
        expire: u.expire ?? 0,
      });
    }
    for (const t of seed.tokens ?? []) {
      const userid = t.tokenid.split('!')[0] ?? '';
      c.tokens.set(t.tokenid, {
        tokenid: t.tokenid,
        userid,
        secret: t.secret,
        privsep: t.privsep ?? true,
        expire: t.expire ?? 0,
      });
    }
    for (const [name, privs] of Object.entries(BUILTIN_ROLES)) c.roles.set(name, new Set(privs));
    for (const [name, privs] of Object.entries(seed.roles ?? {})) c.roles.set(name, new Set(privs));
    c.acl = (seed.acl ?? []).map((a) => ({ ...a, propagate: a.propagate ?? true }));
    c.ssh = seed.ssh ?? {};
    return c;
  }

  storageOnNode(def: StorageDef, node: string): boolean {
    return def.enabled && (def.nodes === undefined || def.nodes.includes(node));
  }

  /** The resource pool a VM belongs to (PVE keeps a VM in at most one). */
  resourcePoolOf(vmid: number): string | undefined {
    for (const [id, p] of this.resourcePools) if (p.vms.has(vmid)) return id;
    return undefined;
  }

  /** add_vm_to_pool; remove_vm_access drops a destroyed VM from its pool. */
  setResourcePool(vmid: number, poolid: string | undefined): void {
    for (const p of this.resourcePools.values()) p.vms.delete(vmid);
    if (poolid !== undefined) this.resourcePools.get(poolid)?.vms.add(vmid);
  }

  poolFor(storage: string, node: string): StoragePool | undefined {
    const def = this.storages.get(storage);
    return def ? this.pools.get(poolKey(def, node)) : undefined;
  }

  findVolume(volid: string, node: string): Volume | undefined {
    const [sid, name] = splitVolid(volid);
    return this.poolFor(sid, node)?.volumes.get(name);
  }
}

export function poolKey(def: StorageDef, node: string | null): string {
  return def.shared || node === null ? def.id : `${def.id}/${node}`;
}

export function splitVolid(volid: string): [string, string] {
  const i = volid.indexOf(':');
  return i < 0 ? ['', volid] : [volid.slice(0, i), volid.slice(i + 1)];
}

function defaultPath(id: string, type: string): string | undefined {
  if (type === 'dir') return id === 'local' ? '/var/lib/vz' : `/srv/${id}`;
  if (type === 'nfs' || type === 'cifs' || type === 'cephfs') return `/mnt/pve/${id}`;
  return undefined;
}
