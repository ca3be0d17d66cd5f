import { die } from '../http/errors.js';
import { printPropertyString } from '../schema/index.js';
import type { Simulator } from '../simulator.js';
import { splitVolid } from '../state/cluster.js';
import type { Worker } from '../state/tasks.js';
import type { VmState } from '../state/types.js';
import { isTemplate, requireVm } from '../state/vm.js';
import { baseVolumeName, isFileStorage } from '../state/volume-names.js';
import { driveFormatName, parseDrive } from '../routes/api2/drive-access.js';
import { driveKeysSorted } from './drive-order.js';

/** The refusals PVE checks before forking qmtemplate and again under the lock. */
export function templateChecks(
  s: Simulator,
  node: string,
  vmid: number,
  disk: string | undefined,
): VmState {
  const vm = requireVm(s.state, node, vmid);
  if (vm.config.lock !== undefined) throw die(`VM is locked (${String(vm.config.lock)})\n`);
  if (isTemplate(vm) && !disk) throw die("you can't convert a template to a template\n");
  if (vm.running) throw die("you can't convert a VM to template if VM is running\n");
  return vm;
}

export function qmtemplateWorker(
  s: Simulator,
  node: string,
  vmid: number,
  disk: string | undefined,
): Worker {
  return async (ctx) => {
    const release = await s.locks.acquire(vmid, s.scaled(10_000, 'qmtemplate'));
    try {
      await ctx.sleep(300);
      const vm = templateChecks(s, node, vmid, disk);
      vm.config.template = 1;
      for (const key of driveKeysSorted(Object.keys(vm.config))) {
        if (disk && key !== disk) continue;
        const drive = parseDrive(key, String(vm.config[key]), false);
        if (drive.media === 'cdrom' || !drive.file?.includes(':')) continue;
        const [sid, name] = splitVolid(drive.file);
        const def = s.state.storages.get(sid);
        const pool = s.state.poolFor(sid, node);
        const vol = pool?.volumes.get(name);
        // Thick LVM has no 'template' feature: the disk silently stays a vm- volume.
        if (!def || !pool || !vol || def.type === 'lvm' || /(^|\/)base-/.test(name)) continue;
        await ctx.sleep(500);
        const base = baseVolumeName(name);
        pool.volumes.delete(name);
        pool.volumes.set(base, { ...vol, name: base, volid: `${sid}:${base}` });
        if (def.type === 'lvmthin') {
          ctx.log(`  Renamed "${name}" to "${base}" in volume group "${def.vgname}"`);
          ctx.log(`  Logical volume ${def.vgname}/${base} changed.`);
          ctx.log('  WARNING: Combining activation change with other commands is not advised.');
        } else if (!isFileStorage(def)) ctx.log(`zfs snapshot ${def.pool}/${base}@__base__`);
        vm.config[key] = printPropertyString(driveFormatName(key), {
          ...drive,
          file: `${sid}:${base}`,
        });
      }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new Error(message.replace(/\n$/, ''));
    } finally {
      release();
    }
  };
}
