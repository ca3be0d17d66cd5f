const DRIVE = /^(ide|sata|scsi|virtio|efidisk|tpmstate)\d+$/;

/** Perl `sort keys`: plain string order (efidisk0, ide0.., sata.., scsi0, scsi1, scsi10, .., tpmstate0, virtio..). */
export function driveKeysSorted(keys: string[]): string[] {
  return keys.filter((k) => DRIVE.test(k)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
