export const GiB = 1024 ** 3;
export const MiB = 1024 ** 2;

/** EFI vars and TPM state volumes: PVE allocates at most 4 MiB for each (lvmthin extents). */
export const EFI_DISK_BYTES = 4 * MiB;
export const TPM_STATE_BYTES = 4 * MiB;

export function formatGiB(bytes: number): string {
  return `${(bytes / GiB).toFixed(1)} GiB`;
}
