import { NEW_DISK_RE, printPropertyString } from '../schema/index.js';
import type { Simulator } from '../simulator.js';
import { allocateDisk } from '../state/alloc.js';
import { splitVolid } from '../state/cluster.js';
import { GiB, MiB, formatSize } from '../state/format.js';
import type { StorageDef } from '../state/types.js';
import type { WorkerContext } from '../state/tasks.js';
import { isFileStorage } from '../state/volume-names.js';
import { driveFormatName, parseDrive } from '../routes/api2/drive-access.js';

export interface DiskJob {
  node: string;
  vmid: number;
  defaultStorage: string | undefined;
  /** Convert new volumes to base volumes right away (create with template=1). */
  template: boolean;
  /** Volids allocated so far, freed by the caller on failure. */
  allocated: string[];
}

/** storage_check_enabled + storage_check_node, as task errors (no trailing newline). */
export function storageOnNode(s: Simulator, sid: string, node: string): StorageDef {
  const def = s.state.storages.get(sid);
  if (!def) throw new Error(`storage '${sid}' does not exist`);
  if (!def.enabled) throw new Error(`storage '${sid}' is disabled`);
  if (def.nodes !== undefined && !def.nodes.includes(node))
    throw new Error(`storage '${sid}' is not available on node '${node}'`);
  return def;
}

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

/** One drive of create_disks; returns the config line value. */
export async function createDisk(
  s: Simulator,
  ctx: WorkerContext,
  job: DiskJob,
  key: string,
  value: string,
): Promise<string> {
  const drive = parseDrive(key, value, true);
  const file = drive.file ?? '';
  const fmt = driveFormatName(key);
  const isCdrom = drive.media === 'cdrom';
  if (file === 'none' || file === 'cdrom' || file === 'cloudinit') {
    delete drive.size;
    return printPropertyString(fmt, drive);
  }
  const nd = NEW_DISK_RE.exec(file);
  if (nd && !isCdrom) {
    const def = storageOnNode(s, nd[2] ?? job.defaultStorage ?? '', job.node);
    const defaultFormat = isFileStorage(def) ? 'raw' : 'raw';
    const format = drive.format ?? defaultFormat;
    let bytes = Math.round(Number(nd[3]) * GiB);
    const entry: Record<string, string> = { ...drive };
    delete entry.format;
    delete entry['import-from'];
    let content = 0;
    if (key === 'efidisk0') {
      content = drive.efitype === '4m' ? 540672 : 131072;
      bytes = def.type === 'lvm' || def.type === 'lvmthin' ? 4 * MiB : content;
      if (drive['pre-enrolled-keys'] === '1' && drive.efitype === '4m' && !drive['ms-cert'])
        entry['ms-cert'] = '2023k';
    } else if (key === 'tpmstate0') {
      bytes = 4 * MiB;
      entry.version = drive.version ?? 'v1.2';
    }
    await ctx.sleep(key === 'efidisk0' || key === 'tpmstate0' ? 400 : 1200);
    const alloc = allocateDisk(
      s.state,
      job.node,
      def,
      job.vmid,
      bytes,
      format,
      s.now(),
      job.template,
    );
    job.allocated.push(alloc.volid);
    for (const line of alloc.log) ctx.log(line);
    if (alloc.warning) ctx.warn(alloc.warning);
    if (content > 0) {
      ctx.log(`transferred 0.0 B of ${kib(content)} (0.00%)`);
      ctx.log(`transferred ${kib(content)} of ${kib(content)} (100.00%)`);
    }
    entry.file = alloc.volid;
    entry.size = formatSize(bytes);
    const printed = printPropertyString(fmt, entry);
    ctx.log(`${key}: successfully created disk '${printed}'`);
    return printed;
  }
  // An existing volume (ISO or disk): the storage must be usable here and the volume must exist.
  await ctx.sleep(100);
  if (file.startsWith('/')) return printPropertyString(fmt, drive);
  const [sid] = splitVolid(file);
  storageOnNode(s, sid, job.node);
  const vol = s.state.findVolume(file, job.node);
  if (!vol) throw new Error(`volume '${file}' does not exist`);
  return printPropertyString(fmt, { ...drive, size: formatSize(vol.size) });
}
