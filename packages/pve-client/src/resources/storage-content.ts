import type { ClientCore } from '../client-core.js';
import { seg } from '../http/encode.js';

export interface DeleteVolumeParams {
  node: string;
  /** The storage of the volume (also the path segment). */
  storage: string;
  /** Full volume id ('local:iso/x.iso') or the name on `storage` ('iso/x.iso'). */
  volume: string;
  /** Wait up to 1-30 s: PVE answers null when the task finished well within that time. */
  delay?: number;
  signal?: AbortSignal;
}

export interface StorageContentApi {
  /**
   * DELETE /nodes/{node}/storage/{storage}/content/{volume}: starts an `imgdel` task and
   * returns its UPID (null with `delay` when already done). Needs Datastore.Allocate on the
   * storage. PVE does not check whether a VM or template still references the volume.
   */
  deleteVolume(p: DeleteVolumeParams): Promise<string | null>;
}

export function storageContentApi(core: ClientCore): StorageContentApi {
  return {
    deleteVolume: (p) =>
      core.request<string | null>(
        'DELETE',
        `/nodes/${seg(p.node)}/storage/${seg(p.storage)}/content/${seg(p.volume)}`,
        p.delay === undefined ? undefined : { delay: p.delay },
        p.signal ? { signal: p.signal } : {},
      ),
  };
}
