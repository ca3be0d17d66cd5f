import type { Simulator } from '../../simulator.js';
import { hasAnyPriv, hasPriv } from '../../state/permissions.js';
import type { Identity, NodeState, StorageDef, VmState } from '../../state/types.js';
import { isTemplate, vmCpus, vmMaxdisk, vmMaxmem } from '../../state/vm.js';

export function nodeStats(s: Simulator, n: NodeState): Record<string, number> {
  return {
    cpu: n.cpu,
    maxcpu: n.maxcpu,
    mem: n.mem,
    maxmem: n.maxmem,
    disk: n.disk,
    maxdisk: n.maxdisk,
    uptime: s.now() - n.bootTime,
  };
}

export function nodeFingerprint(s: Simulator, n: NodeState): string {
  if (s.fingerprint) return s.fingerprint;
  const byte = (i: number): string =>
    ((n.nodeid * 37 + i * 11) % 256).toString(16).toUpperCase().padStart(2, '0');
  return Array.from({ length: 32 }, (_, i) => byte(i)).join(':');
}

export function canSeeVm(s: Simulator, id: Identity, vmid: number): boolean {
  return hasPriv(s.state, id, `/vms/${vmid}`, 'VM.Audit');
}

export function canSeeStorage(s: Simulator, id: Identity, sid: string): boolean {
  return hasAnyPriv(s.state, id, `/storage/${sid}`, ['Datastore.Audit', 'Datastore.AllocateSpace']);
}

export function vmStatusFields(s: Simulator, vm: VmState): Record<string, unknown> {
  const online = s.state.nodes.get(vm.node)?.online ?? false;
  const maxmem = vmMaxmem(vm.config);
  const running = vm.running && online;
  const out: Record<string, unknown> = {
    vmid: vm.vmid,
    name: vm.config.name ?? `VM ${vm.vmid}`,
    status: online ? (vm.running ? 'running' : 'stopped') : 'unknown',
    cpus: vmCpus(vm.config),
    maxmem,
    mem: running ? Math.floor(maxmem * 0.4) : 0,
    maxdisk: vmMaxdisk(vm.config),
    disk: 0,
    cpu: running ? 0.03 : 0,
    uptime: running ? s.now() - vm.startedAt : 0,
    netin: 0,
    netout: 0,
    diskread: 0,
    diskwrite: 0,
  };
  if (running) out.pid = vm.pid;
  if (isTemplate(vm)) out.template = 1;
  if (vm.config.lock !== undefined) out.lock = vm.config.lock;
  if (vm.config.tags !== undefined) out.tags = vm.config.tags;
  return out;
}

export function vmResource(s: Simulator, vm: VmState): Record<string, unknown> {
  const st = vmStatusFields(s, vm);
  const out: Record<string, unknown> = {
    id: `qemu/${vm.vmid}`,
    vmid: vm.vmid,
    node: vm.node,
    type: 'qemu',
    status: st.status,
    name: st.name,
    template: isTemplate(vm) ? 1 : 0,
    uptime: st.uptime,
    maxcpu: st.cpus,
    cpu: st.cpu,
    maxmem: st.maxmem,
    mem: st.mem,
    maxdisk: st.maxdisk,
    disk: 0,
    netin: 0,
    netout: 0,
    diskread: 0,
    diskwrite: 0,
  };
  if (st.lock !== undefined) out.lock = st.lock;
  if (st.tags !== undefined) out.tags = st.tags;
  const pool = s.state.resourcePoolOf(vm.vmid);
  if (pool !== undefined) out.pool = pool;
  return out;
}

export function storageUsage(
  s: Simulator,
  def: StorageDef,
  node: string,
): { total: number; used: number; avail: number; active: boolean } {
  const pool = s.state.poolFor(def.id, node);
  const active = s.state.storageOnNode(def, node) && (s.state.nodes.get(node)?.online ?? false);
  if (!pool || !active) return { total: 0, used: 0, avail: 0, active: false };
  const used = Math.min(pool.used, pool.total);
  return { total: pool.total, used, avail: pool.total - used, active: true };
}

export function storageResource(
  s: Simulator,
  def: StorageDef,
  node: string,
): Record<string, unknown> {
  const u = storageUsage(s, def, node);
  return {
    id: `storage/${node}/${def.id}`,
    storage: def.id,
    node,
    type: 'storage',
    plugintype: def.type,
    status: u.active ? 'available' : 'unknown',
    shared: def.shared ? 1 : 0,
    content: def.content.join(','),
    disk: u.used,
    maxdisk: u.total,
  };
}
