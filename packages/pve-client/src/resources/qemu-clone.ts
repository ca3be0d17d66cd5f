import type { ClientCore } from '../client-core.js';
import { seg } from '../http/encode.js';

type Sig = { signal?: AbortSignal };

/** POST /nodes/{node}/qemu/{vmid}/clone parameters (PVE 9.1). */
export interface QemuCloneParams {
  newid: number;
  /** DNS name of the new VM; PVE defaults to "Copy-of-VM-<name>". */
  name?: string;
  description?: string;
  /** Default: linked for templates, always full for normal VMs. Linked needs base volumes. */
  full?: boolean;
  /** Full clones only ("parameter 'storage' not allowed for linked clones"). */
  storage?: string;
  /** Full clones only; falls back to the storage's default when unsupported. */
  format?: 'raw' | 'qcow2' | 'vmdk';
  /** Another node; only when every volume is on shared storage. */
  target?: string;
  pool?: string;
  snapname?: string;
  /** KiB/s. */
  bwlimit?: number;
}

export interface QemuCloneApi {
  /**
   * Clones VM/template `vmid` on `node`; returns the qmclone UPID (task id = the source VMID).
   * Never retried: a repeated clone would create a second VM or fail on the taken VMID. Lock
   * timeouts (see isLockTimeout) surface when waiting for the task.
   */
  clone(node: string, vmid: number, params: QemuCloneParams, opts?: Sig): Promise<string>;
}

export function qemuCloneApi(core: ClientCore): QemuCloneApi {
  return {
    clone: (node, vmid, params, opts) =>
      core.request<string>(
        'POST',
        `/nodes/${seg(node)}/qemu/${seg(vmid)}/clone`,
        { ...params },
        opts,
      ),
  };
}
