import type { StorageDef } from '../state/types.js';
import { formatOfVolume, isFileStorage } from '../state/volume-names.js';

/**
 * pve-storage volume_has_feature for 'clone' (linked clone from a base volume) and 'copy' (full
 * clone), per plugin, without snapshots:
 * - dir/nfs/cifs/cephfs: clone from base raw/qcow2/vmdk (a qcow2 overlay), copy from base/current
 * - lvmthin, zfspool: clone from base, copy from base/current
 * - lvm (thick): never clone (no templates either), copy raw/qcow2
 */
export function volumeHasFeature(
  def: StorageDef,
  name: string,
  feature: 'clone' | 'copy',
): boolean {
  const isBase = /(^|\/)base-\d+-[^/]+$/.test(name);
  const format = formatOfVolume(def, name);
  if (isFileStorage(def)) {
    if (!['raw', 'qcow2', 'vmdk'].includes(format)) return false;
    return feature === 'copy' || isBase;
  }
  if (def.type === 'lvm') return feature === 'copy' && (format === 'raw' || format === 'qcow2');
  return feature === 'copy' || isBase;
}
