import { PveError, die, paramError, permError } from '../../http/errors.js';
import {
  NEW_DISK_RE,
  parsePropertyString,
  parseDrive as parsePveDrive,
} from '../../schema/index.js';
import type { Simulator } from '../../simulator.js';
import { splitVolid } from '../../state/cluster.js';
import { effectivePrivileges, isRoot, requirePrivs } from '../../state/permissions.js';
import type { Identity } from '../../state/types.js';
import { parseVolname } from '../../state/volname.js';

/** Drive keys in qemu-server's foreach_volume order. */
export function driveKeysOf(params: Record<string, unknown>): string[] {
  const order = ['ide', 'sata', 'scsi', 'virtio', 'efidisk', 'tpmstate'];
  return Object.keys(params)
    .map((k) => ({ k, m: /^(ide|sata|scsi|virtio|efidisk|tpmstate)(\d+)$/.exec(k) }))
    .filter((x) => x.m)
    .sort(
      (a, b) =>
        order.indexOf(a.m?.[1] ?? '') - order.indexOf(b.m?.[1] ?? '') ||
        Number(a.m?.[2]) - Number(b.m?.[2]),
    )
    .map((x) => x.k);
}

export function driveFormatName(key: string): string {
  const base = /^[a-z]+/.exec(key)?.[0] ?? 'drive';
  return `pve-qm-${base}`;
}

export function parseDrive(key: string, value: string, withAlloc: boolean): Record<string, string> {
  return parsePropertyString(withAlloc ? 'pve-qm-drive-with-alloc' : driveFormatName(key), value);
}

/** pve-storage check_volume_access for an existing volume. */
export function checkVolumeAccess(s: Simulator, id: Identity, volid: string): string {
  if (volid.startsWith('/')) {
    if (!isRoot(id)) throw new PveError(403, 'Only root can pass arbitrary filesystem paths.\n');
    return 'images';
  }
  const [sid, name] = splitVolid(volid);
  const def = s.state.storages.get(sid);
  if (!def) throw die(`storage '${sid}' does not exist\n`);
  const parsed = parseVolname(def, name);
  if (isRoot(id)) return parsed.content;
  const privs = effectivePrivileges(s.state, id, `/storage/${sid}`);
  if (privs.has('Datastore.Allocate')) return parsed.content;
  if (['iso', 'vztmpl', 'import'].includes(parsed.content)) {
    if (!privs.has('Datastore.AllocateSpace') && !privs.has('Datastore.Audit'))
      throw permError(`/storage/${sid}, Datastore.AllocateSpace|Datastore.Audit`);
  } else if (parsed.content === 'images' && parsed.vmid !== undefined) {
    requirePrivs(s.state, id, `/storage/${sid}`, ['Datastore.AllocateSpace']);
    requirePrivs(s.state, id, `/vms/${parsed.vmid}`, ['VM.Config.Disk']);
  } else throw permError(`/storage/${sid}, Datastore.Allocate`);
  return parsed.content;
}

/** qemu-server check_storage_access (create and config update). */
export function checkStorageAccess(
  s: Simulator,
  id: Identity,
  params: Record<string, unknown>,
  defaultStorage: string | undefined,
): void {
  for (const key of driveKeysOf(params)) {
    const drive = parseDrive(key, String(params[key]), true);
    const file = drive.file ?? '';
    const isCdrom = drive.media === 'cdrom';
    if (file === 'none' || file === 'cloudinit') continue;
    if (isCdrom && file === 'cdrom') {
      if (!isRoot(id)) requirePrivs(s.state, id, '/', ['Sys.Console']);
      continue;
    }
    const nd = NEW_DISK_RE.exec(file);
    if (!isCdrom && nd) {
      const sid = nd[2] ?? defaultStorage;
      if (!sid) throw die('no storage ID specified (and no default storage)\n');
      if (!isRoot(id)) requirePrivs(s.state, id, `/storage/${sid}`, ['Datastore.AllocateSpace']);
      const def = s.state.storages.get(sid);
      if (!def) throw die(`storage '${sid}' does not exist\n`);
      if (!def.content.includes('images'))
        throw paramError({ storage: `storage '${sid}' does not support vm images` });
      continue;
    }
    const content = checkVolumeAccess(s, id, file);
    if (content !== 'images' && content !== 'iso')
      throw paramError({ [key]: "content type needs to be 'images' or 'iso'" });
  }
}

/** check_drive_param: ISO volumes must be attached as CD-ROMs; import-from is not simulated. */
export function checkDriveParams(s: Simulator, params: Record<string, unknown>): void {
  for (const key of driveKeysOf(params)) {
    // parse_drive's extra rules (cdrom with format/snapshot, virtio cdrom, iops vs iops_rd, ...).
    if (!parsePveDrive(key, String(params[key]), true))
      throw paramError({ [key]: 'unable to parse drive options' });
    const drive = parseDrive(key, String(params[key]), true);
    const file = drive.file ?? '';
    if (drive['import-from'] !== undefined) {
      if (!/^[^/:\s]+:0$/.test(file))
        throw paramError({
          [key]: "'import-from' requires special syntax - use <storage ID>:0,import-from=<source>",
        });
      throw die("the simulator does not implement 'import-from'\n");
    }
    if (drive.media === 'cdrom' || NEW_DISK_RE.test(file) || !file.includes(':')) continue;
    const [sid, name] = splitVolid(file);
    const def = s.state.storages.get(sid);
    if (def && parseVolname(def, name).content === 'iso')
      throw paramError({ [key]: "explicit 'media=cdrom' is required for iso images" });
  }
}

/** check_bridge_access: SDN.Use on the local zone's bridge (and VLAN) for every NIC. */
export function checkBridgeAccess(
  s: Simulator,
  id: Identity,
  params: Record<string, unknown>,
): void {
  if (isRoot(id)) return;
  for (const [key, value] of Object.entries(params)) {
    if (!/^net\d+$/.test(key)) continue;
    const net = parsePropertyString('pve-qm-net', String(value));
    if (!net.bridge) continue;
    const base = `/sdn/zones/localnetwork/${net.bridge}`;
    requirePrivs(s.state, id, net.tag ? `${base}/${net.tag}` : base, ['SDN.Use']);
  }
}
