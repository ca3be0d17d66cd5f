export const GiB = 1024 ** 3;
export const MiB = 1024 ** 2;

/** EFI vars and TPM state volumes: PVE allocates at most 4 MiB for each (lvmthin extents). */
export const EFI_DISK_BYTES = 4 * MiB;
export const TPM_STATE_BYTES = 4 * MiB;

export function formatGiB(bytes: number): string {
  return `${(bytes / GiB).toFixed(1)} GiB`;
}

/** Bytes in the unit a person reads: 512 B, 300.0 KiB, 1.5 GiB. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(1)} ${units[i]}`;
}
