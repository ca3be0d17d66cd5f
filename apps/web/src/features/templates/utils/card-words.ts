import type { TemplateCard, TemplateHardware } from '@labforge/contracts';

/** "UEFI with Secure Boot keys, TPM 2.0", "UEFI (no Secure Boot keys)", "BIOS". */
export function firmwareWords(hw: TemplateHardware | null): string {
  if (!hw) return 'Firmware unknown';
  const f = hw.firmware;
  const base =
    f.bios === 'ovmf'
      ? f.secure_boot_keys
        ? 'UEFI with Secure Boot keys'
        : 'UEFI (no Secure Boot keys)'
      : 'BIOS';
  const tpm = f.tpm_version ? `, TPM ${f.tpm_version.replace(/^v/, '')}` : '';
  return `${base}${tpm}`;
}

function gb(n: number): string {
  return n >= 1 ? `${Math.round(n)} GB` : `${Math.max(1, Math.round(n * 1024))} MB`;
}

/** "2 CPU cores, 4 GB memory". */
export function hardwareWords(hw: TemplateHardware | null): string {
  if (!hw) return 'Hardware unknown';
  const cores = `${hw.cores} CPU ${hw.cores === 1 ? 'core' : 'cores'}`;
  const mem =
    hw.memory_mb >= 1024 ? `${Math.round(hw.memory_mb / 102.4) / 10} GB` : `${hw.memory_mb} MB`;
  return `${cores}, ${mem} memory`;
}

/** The data disks ("64 GB disk on local-lvm"); the small EFI and TPM volumes are firmware. */
export function diskWords(hw: TemplateHardware | null): string[] {
  if (!hw) return [];
  return hw.disks
    .filter((d) => !/^(efidisk|tpmstate)/.test(d.drive))
    .map((d) => `${gb(d.size_gb)} disk on ${d.storage}`);
}

export function driverWords(card: TemplateCard): string | undefined {
  if (!card.virtio_win) return undefined;
  return card.virtio_win.version
    ? `Drivers: virtio-win ${card.virtio_win.version}`
    : 'Drivers: virtio-win (version not in the file name)';
}

/** Who may use it, from the reader's side. */
export function sharingWords(card: TemplateCard, me: string): string {
  const mine = card.author.username === me;
  switch (card.visibility) {
    case 'private':
      return mine ? 'Only you' : `Private to ${card.author.display_name}`;
    case 'teachers':
      return 'All teachers of this cluster';
    case 'named': {
      const names = card.shared_with.map((p) => (p.username === me ? 'you' : p.display_name));
      return names.length ? `Shared with ${names.join(', ')}` : 'Only you (nobody chosen yet)';
    }
  }
}

/** "Version 2 (newest)" or "Version 1 · replaced by v3". */
export function versionWords(card: TemplateCard): string {
  const f = card.family;
  if (f.newest)
    return f.latest_version > 1 ? `Version ${f.version} (newest)` : `Version ${f.version}`;
  return `Version ${f.version} · replaced by v${f.replaced_by?.version ?? f.latest_version}`;
}

export function dateWords(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
}

export interface CardFilter {
  text: string;
  os: string;
  tag: string;
}

export function osFamily(osType: string): 'windows' | 'linux' | 'other' {
  if (/^(windows|win)/.test(osType)) return 'windows';
  if (osType === 'other' || osType === 'solaris') return 'other';
  return 'linux';
}

/** The page's search: every word somewhere on the card, the OS (family or exact), the tag. */
export function matchesFilter(card: TemplateCard, f: CardFilter): boolean {
  if (f.tag && !card.tags.includes(f.tag)) return false;
  if (f.os && f.os !== card.os_type && f.os !== osFamily(card.os_type)) return false;
  const words = f.text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const text = [
    card.name,
    card.description,
    card.os_label,
    card.author.display_name,
    card.author.username,
    String(card.vmid),
    ...card.tags,
  ]
    .join(' ')
    .toLowerCase();
  return words.every((w) => text.includes(w));
}
