import { PveError, pveErrorText } from './errors.js';

/**
 * Lock-timeout predicates for PVE's texts (tasks and synchronous errors alike):
 * - config flock: "can't lock file '/var/lock/qemu-server/lock-101.conf' - got timeout"
 * - node-local storage flock: "can't lock file '/var/lock/pve-manager/pve-storage-local-lvm' - got timeout"
 * - cluster (pmxcfs) lock of a shared storage: "cfs-lock 'storage-nfs' error: got lock request timeout"
 * A clone wraps the storage ones as "clone failed: ...". All are worth a retry with backoff.
 */
const CONFIG_LOCK = /can't lock file '\/var\/lock\/qemu-server\/lock-\d+\.conf' - got timeout/;
const STORAGE_FLOCK = /can't lock file '\/var\/lock\/pve-manager\/pve-storage-[^']+' - got timeout/;
const CFS_LOCK = /cfs-lock '[^']+' error: got lock request timeout/;
const CFS_STORAGE_LOCK = /cfs-lock 'storage-[^']+' error: got lock request timeout/;
const ANY_FLOCK = /can't lock file '[^']+' - got timeout/;
const VM_LOCKED = /VM is locked \(([a-z-]+)\)/;

/** Waiting for a VM's config lock timed out (another task holds /var/lock/qemu-server/lock-N.conf). */
export function isConfigLockTimeout(err: unknown): boolean {
  return CONFIG_LOCK.test(pveErrorText(err));
}

/** Waiting for a storage lock timed out: node-local flock or the shared storage's cfs lock. */
export function isStorageLockTimeout(err: unknown): boolean {
  const text = pveErrorText(err);
  return STORAGE_FLOCK.test(text) || CFS_STORAGE_LOCK.test(text);
}

/** Any PVE lock wait that timed out (config, storage, other cfs or file locks). */
export function isLockTimeout(err: unknown): boolean {
  if (!(err instanceof PveError)) return false;
  const text = pveErrorText(err);
  return ANY_FLOCK.test(text) || CFS_LOCK.test(text);
}

/** "VM is locked (clone)" -> 'clone'; undefined when the error is not about a config lock. */
export function vmLockOf(err: unknown): string | undefined {
  return VM_LOCKED.exec(pveErrorText(err))?.[1];
}
