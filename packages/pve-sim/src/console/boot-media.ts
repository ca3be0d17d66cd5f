import type { VmConfig } from '../state/types.js';

export type GuestOs = 'windows' | 'linux';
export type BootEntry = { kind: 'disk' } | { kind: 'iso'; iso: string; os: GuestOs };

export interface BootPlan {
  firmware: 'ovmf' | 'seabios';
  entries: BootEntry[];
}

const DRIVE = /^(ide|sata|scsi|virtio)\d+$/;

function entryFor(key: string, value: string): BootEntry | undefined {
  if (!DRIVE.test(key)) return undefined;
  if (!/(^|,)media=cdrom(,|$)/.test(value)) return { kind: 'disk' };
  const volume = value.split(',')[0] ?? '';
  const m = /:iso\/([^/]+)$/.exec(volume);
  if (!m?.[1]) return undefined; // empty drive ('none', 'cdrom')
  return { kind: 'iso', iso: m[1], os: /win/i.test(m[1]) ? 'windows' : 'linux' };
}

/**
 * What the firmware tries, in order: `boot: order=a;b;c` (only those devices), or without it
 * the legacy default 'cdn' (disks, then CD-ROMs; network boot is not modelled).
 */
export function bootPlan(config: VmConfig): BootPlan {
  const firmware = config.bios === 'ovmf' ? 'ovmf' : 'seabios';
  const boot = String(config.boot ?? '');
  const order = /(?:^|,)order=([^,]*)/.exec(boot)?.[1];
  let keys: string[];
  if (order !== undefined) keys = order.split(';').filter((k) => k !== '');
  else {
    const all = Object.keys(config)
      .filter((k) => DRIVE.test(k))
      .sort();
    const isCd = (k: string): boolean => /media=cdrom/.test(String(config[k]));
    keys = [...all.filter((k) => !isCd(k)), ...all.filter(isCd)];
  }
  const entries: BootEntry[] = [];
  for (const k of keys) {
    const v = config[k];
    if (v === undefined) continue;
    const e = entryFor(k, String(v));
    if (e) entries.push(e);
  }
  return { firmware, entries };
}

/** The installer's title, from the ISO's file name. */
export function installerTitle(iso: string, os: GuestOs): string {
  if (os === 'windows') return 'Windows Setup';
  const known: [RegExp, string][] = [
    [/ubuntu/i, 'Ubuntu installer'],
    [/debian/i, 'Debian installer'],
    [/rocky/i, 'Rocky Linux installer'],
    [/alma/i, 'AlmaLinux installer'],
    [/fedora/i, 'Fedora installer'],
  ];
  for (const [re, title] of known) if (re.test(iso)) return title;
  return `${iso.replace(/\.(iso|img)$/i, '')} installer`;
}
