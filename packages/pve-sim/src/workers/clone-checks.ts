import { die, paramError, permError } from '../http/errors.js';
import type { Simulator } from '../simulator.js';
import { splitVolid } from '../state/cluster.js';
import { isRoot, requirePrivs } from '../state/permissions.js';
import type { Identity, VmConfig, VmState } from '../state/types.js';
import { configPath, isTemplate, requireVm } from '../state/vm.js';
import { checkBridgeAccess, driveKeysOf, parseDrive } from '../routes/api2/drive-access.js';
import { volumeHasFeature } from './clone-features.js';

export interface CloneRequest {
  node: string;
  vmid: number;
  newid: number;
  /** Already undefined when it named the local node. */
  target: string | undefined;
  storage: string | undefined;
  format: string | undefined;
  full: boolean | undefined;
  pool: string | undefined;
  snapname: string | undefined;
  name: string | undefined;
  description: string | undefined;
  id: Identity;
}

export interface ClonePlan {
  source: VmState;
  running: boolean;
  full: boolean;
  /** Config keys copied as they are (drives that are not cloned, e.g. CD-ROMs, included). */
  copied: VmConfig;
  /** Drive key -> full copy (true) or linked clone (false), in sorted key order. */
  drives: Map<string, boolean>;
}

const SKIPPED = new Set([
  'snapshots',
  'parent',
  'snaptime',
  'vmstate',
  'snapstate',
  'runningcpu',
  'runningmachine',
  'running-nets-host-mtu',
]);

/** check_storage_access_clone: Datastore.AllocateSpace per disk; is every volume on shared storage? */
function checkStorageAccessClone(s: Simulator, r: CloneRequest, conf: VmConfig): boolean {
  let shared = true;
  const root = isRoot(r.id);
  for (const key of driveKeysOf(conf)) {
    const drive = parseDrive(key, String(conf[key]), false);
    const volid = drive.file ?? '';
    if (!volid || volid === 'none') continue;
    if (drive.media === 'cdrom' && volid === 'cdrom') {
      if (!root) requirePrivs(s.state, r.id, '/', ['Sys.Console']);
      continue;
    }
    if (volid.startsWith('/')) {
      shared = false;
      continue;
    }
    const [sid] = splitVolid(volid);
    const def = s.state.storages.get(sid);
    if (!def) throw die(`storage '${sid}' does not exist\n`);
    if (!def.shared) shared = false;
    if (drive.media === 'cdrom') continue;
    if (!root)
      requirePrivs(s.state, r.id, `/storage/${r.storage ?? sid}`, ['Datastore.AllocateSpace']);
  }
  return shared;
}

/**
 * clone_vm's load_and_check, run before forking and again in the worker under the locks. Errors
 * are PVE's (500 "text\n", 400 for storage content, 403 for pools).
 */
export function cloneChecks(s: Simulator, r: CloneRequest, wasRunning?: boolean): ClonePlan {
  // check_pool_exist (RPCEnvironment) raises a permission exception for an unknown pool.
  if (r.pool !== undefined && !s.state.resourcePools.has(r.pool))
    throw permError(`pool '${r.pool}' does not exist`);
  if (r.target !== undefined && !s.state.nodes.has(r.target))
    throw die(`no such cluster node '${r.target}'\n`);
  if (r.storage !== undefined) {
    const def = s.state.storages.get(r.storage);
    if (!def) throw die(`storage '${r.storage}' does not exist\n`);
    if (!def.enabled) throw die(`storage '${r.storage}' is disabled\n`);
    if (def.nodes !== undefined && !def.nodes.includes(r.node))
      throw die(`storage '${r.storage}' is not available on node '${r.node}'\n`);
    if (!def.content.includes('images'))
      throw paramError({ storage: `storage '${r.storage}' does not support vm images` });
    if (r.target !== undefined) {
      if (def.nodes !== undefined && !def.nodes.includes(r.target))
        throw die(`storage '${r.storage}' is not available on node '${r.target}'\n`);
      if (!def.shared) throw die(`can't clone to non-shared storage '${r.storage}'\n`);
    }
  }
  const source = requireVm(s.state, r.node, r.vmid);
  if (source.config.lock !== undefined) throw die(`VM is locked (${String(source.config.lock)})\n`);
  const running = source.running;
  if (wasRunning !== undefined && wasRunning !== running) throw die('unexpected state change\n');
  if (r.snapname !== undefined) throw die(`snapshot '${r.snapname}' does not exist\n`);
  const full = r.full ?? !isTemplate(source);
  if (r.storage !== undefined && !full)
    throw die("parameter 'storage' not allowed for linked clones\n");
  if (r.format !== undefined && !full)
    throw die("parameter 'format' not allowed for linked clones\n");
  const conf = source.config;
  const shared = checkStorageAccessClone(s, r, conf);
  checkBridgeAccess(s, r.id, conf);
  if (r.target !== undefined && !shared)
    throw die(`can't clone VM to node '${r.target}' (VM uses local storage)\n`);
  const existing = s.state.vms.get(r.newid);
  if (existing && existing.node === r.node)
    throw die(`unable to create VM ${r.newid}: config file already exists\n`);
  const copied: VmConfig = {};
  const drives = new Map<string, boolean>();
  for (const key of Object.keys(conf).sort()) {
    const value = conf[key] as string | number;
    if (SKIPPED.has(key) || /^unused\d+$/.test(key)) continue;
    if (full && running && key === 'tpmstate0')
      throw die('cannot clone TPM state while VM is running\n');
    if (!/^(ide|sata|scsi|virtio|efidisk|tpmstate)\d+$/.test(key)) {
      copied[key] = value;
      continue;
    }
    const drive = parseDrive(key, String(value), false);
    const volid = drive.file ?? '';
    if (drive.media === 'cdrom' || volid === 'none' || !volid.includes(':')) {
      copied[key] = value;
      continue;
    }
    const [sid, name] = splitVolid(volid);
    const def = s.state.storages.get(sid);
    const copy = full || key === 'tpmstate0';
    const msg = `clone feature is not supported for '${volid}' (${key})`;
    if (!def || !volumeHasFeature(def, name, copy ? 'copy' : 'clone'))
      throw die(`${copy ? 'Full' : 'Linked'} ${msg}\n`);
    drives.set(key, copy);
  }
  return { source, running, full, copied, drives };
}

export { configPath };
