import { randomBytes, randomUUID } from 'node:crypto';
import { parsePropertyString } from '../schema/index.js';
import type { Simulator } from '../simulator.js';
import { freeVolume } from '../state/alloc.js';
import { cloneGuest } from '../state/guest.js';
import type { Worker } from '../state/tasks.js';
import type { VmConfig, VmState } from '../state/types.js';
import { configPath } from '../state/vm.js';
import { type CloneRequest, cloneChecks } from './clone-checks.js';
import { cloneDisk } from './clone-disk.js';

const hex2 = (): string => randomBytes(1).toString('hex').toUpperCase();

/** print_net with a fresh random_ether_addr (datacenter mac_prefix BC:24:11). */
function withNewMac(value: string): string {
  const net = parsePropertyString('pve-qm-net', value);
  const { model, macaddr: _old, ...rest } = net;
  const tail = Object.keys(rest)
    .sort()
    .map((k) => `${k}=${rest[k]}`);
  return [`${model}=BC:24:11:${hex2()}:${hex2()}:${hex2()}`, ...tail].join(',');
}

/** The new config: the source's, new MACs/UUIDs, no template flag, the requested name/description. */
function newConfig(r: CloneRequest, source: VmState, copied: VmConfig): VmConfig {
  const conf: VmConfig = {};
  for (const [key, value] of Object.entries(copied))
    conf[key] = /^net\d+$/.test(key) ? withNewMac(String(value)) : value;
  const smbios = String(conf.smbios1 ?? '')
    .split(',')
    .filter((p) => p && !p.startsWith('uuid='));
  conf.smbios1 = [`uuid=${randomUUID()}`, ...smbios].join(',');
  if (conf.vmgenid !== undefined) conf.vmgenid = randomUUID();
  delete conf.template;
  conf.name = r.name || `Copy-of-VM-${String(source.config.name ?? r.vmid)}`;
  if (r.description) conf.description = r.description;
  return conf;
}

/**
 * qmclone (task id = the source VMID): shared config lock on a stopped source (exclusive when it
 * runs), exclusive lock on the new VMID, both with PVE's 1 s timeout; the checks again; a temporary
 * config with `lock: clone`; then each drive in sorted key order. A failure frees the new volumes
 * and removes the config ("clone failed: ...").
 */
export function qmcloneWorker(s: Simulator, r: CloneRequest, running: boolean): Worker {
  return async (ctx) => {
    const timeout = s.scaled(1000, 'qmclone');
    const releaseSource = await s.locks.acquire(r.vmid, timeout, !running);
    try {
      const releaseNew = await s.locks.acquire(r.newid, timeout);
      try {
        const plan = cloneChecks(s, r, running);
        ctx.log(`creating a clone of VM ${r.vmid} with ID ${r.newid}`);
        const conf = newConfig(r, plan.source, plan.copied);
        if (s.state.vms.has(r.newid))
          throw new Error(
            `close (rename) atomic file '/etc/pve/${configPath(r.node, r.newid)}' failed: File exists`,
          );
        const vm: VmState = {
          vmid: r.newid,
          node: r.node,
          config: { lock: 'clone' },
          running: false,
          startedAt: 0,
          pid: 5000 + (r.newid % 100000),
        };
        const guest = cloneGuest(plan.source.guest);
        if (guest) vm.guest = guest;
        s.state.vms.set(r.newid, vm);
        const allocated: string[] = [];
        try {
          await ctx.sleep(200);
          for (const [key, full] of plan.drives) {
            const value = String(plan.source.config[key]);
            const job = { ...r, running, allocated, newid: r.newid };
            conf[key] = await cloneDisk(s, ctx, job, key, value, full);
            vm.config = { ...conf, lock: 'clone' };
          }
          vm.config = conf;
          if (r.target !== undefined) vm.node = r.target;
          // add_vm_to_pool, the worker's last step.
          if (r.pool !== undefined) s.state.setResourcePool(r.newid, r.pool);
        } catch (err) {
          for (const volid of allocated) freeVolume(s.state, r.node, volid);
          if (s.state.vms.get(r.newid) === vm) s.state.vms.delete(r.newid);
          const reason = err instanceof Error ? err.message : String(err);
          throw new Error(`clone failed: ${reason.replace(/\n$/, '')}`);
        }
      } finally {
        releaseNew();
      }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new Error(message.replace(/\n$/, ''));
    } finally {
      releaseSource();
    }
  };
}
