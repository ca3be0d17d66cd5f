import { OS_TYPE_LABELS, osTypeSchema } from '@labforge/contracts';

/**
 * The SPA owns the words people read. The engine writes its warnings, next steps, step details
 * and errors for API clients too, so they may name a request field (`memory_mb`), a drive
 * (`ide2`), a Proxmox privilege (`VM.Allocate`) or an HTTP call. This is the one table from
 * those texts to a teacher's sentence; `detail` keeps the server's own text, which only admins
 * see (behind "Details", `<ServerText>`). A text the table does not know is shown as it is when
 * it reads as words, else `fallback` is shown and the text becomes the detail.
 */
export interface Worded {
  words: string;
  /** The server's text when it was reworded (technical: admins only). */
  detail?: string;
}

const FIELD_WORDS: Record<string, string> = {
  cpu_cores: 'CPU cores',
  memory_mb: 'Memory',
  disk_size_gb: 'Disk size',
};

/**
 * The discs a finalise or "Eject media" removed, in words. The engine names the ejected ISOs by
 * volume id (`local:iso/Win11.iso`, `isos-nfs:iso/virtio-win.iso`) or, in older texts, by drive
 * (LabForge puts the install ISO in ide2 and the drivers in ide0, or sata0 next to an IDE disk).
 */
export function discWords(items: string | string[]): string {
  const list = Array.isArray(items) ? items : items.split(/\s*,\s*|\s+and\s+/).filter(Boolean);
  let installs = 0;
  const words = list.map((item) => {
    if (item === 'ide0' || item === 'sata0' || /virtio/i.test(item)) return 'the drivers disc';
    if (item !== 'ide2' && !item.includes(':')) return 'a disc';
    return installs++ === 0 ? 'the install disc' : 'another disc';
  });
  // The install disc first, whatever drive order the engine listed them in.
  const rank = (w: string) => (w === 'the drivers disc' ? 1 : 0);
  return words.sort((a, b) => rank(a) - rank(b)).join(' and ');
}

function osWords(id: string): string {
  const os = osTypeSchema.safeParse(id);
  return os.success ? OS_TYPE_LABELS[os.data] : id;
}

type Rule = [RegExp, (m: RegExpExecArray) => string];

const RULES: Rule[] = [
  [
    /^(cpu_cores|memory_mb|disk_size_gb) raised from (\d+) to (\d+) (\w+)(?:: (\S+) needs at least)?/,
    (m) =>
      `${FIELD_WORDS[m[1] ?? ''] ?? 'A value'} raised from ${m[2]} to ${m[3]} ${m[4]}${m[5] ? `: ${osWords(m[5])} needs at least ${m[3]} ${m[4]}` : ''}.`,
  ],
  [
    /^The ISO looks like (\S+) but os_type is (\S+):/,
    (m) =>
      `The ISO looks like ${osWords(m[1] ?? '')} but the OS type is ${osWords(m[2] ?? '')}, so the VM gets ${osWords(m[2] ?? '')} hardware. Choose a Windows OS type for Windows hardware.`,
  ],
  [
    /^The Windows version was not recognised from the ISO name/,
    () =>
      'The Windows version was not recognised from the ISO name, so the VM got Windows 10 style hardware. Choose the OS type Windows 11 for UEFI and TPM 2.0.',
  ],
  [
    /requires UEFI with Secure Boot: with bios_type seabios/,
    () =>
      'Windows 11 Setup needs UEFI with Secure Boot: with the BIOS set to SeaBIOS it will refuse to install.',
  ],
  [
    /^disk_bus ide uses ide0/,
    () => 'The disk is an IDE disk, so the Windows drivers disc goes into another drive.',
  ],
  [/^q35 offers only ide0 and ide2/, () => 'This machine type has only two IDE drives.'],
  [
    /The VM's disk and NIC are VirtIO: attach a virtio-win ISO/,
    () =>
      'The Windows drivers disc (virtio-win) could not be attached. Windows Setup needs it to see the disk and the network: ask an administrator to add it before installing Windows.',
  ],
  [
    /^no storage on node (\S+) can hold ISO files/,
    (m) =>
      `No storage on ${m[1]} can hold ISO images, so the Windows drivers disc could not be fetched.`,
  ],
  [
    /^VirtIO driver ISO (?:download failed|could not be fetched)/,
    () => 'The Windows drivers disc could not be fetched, so the VM was created without it.',
  ],
  [
    /^missing (\S.*) on (\/\S*)$/,
    () =>
      "LabForge's Proxmox account lacks a permission it could use here; the build works around it.",
  ],
  [
    /^Template (\d+) keeps its install media attached \(([^)]*)\), as intended for classes; (.*)$/,
    (m) =>
      `Template ${m[1]} keeps ${discWords(m[2] ?? '')} in its drives, as intended for classes; ${m[3]}`,
  ],
  [
    /POST \/api\/vm-builder\/templates/,
    () => 'When it is ready: "Shut down", "Eject media", then "Finalise as template" on My VMs.',
  ],
  [
    /^ejected (.+); disk boots first$/i,
    (m) => `Removed ${discWords(m[1] ?? '')}; the VM starts from its disk first.`,
  ],
  [
    /^Ejected (.+) from (.+); it boots from its disk now$/,
    (m) => `Removed ${discWords(m[1] ?? '')} from ${m[2]}; it starts from its disk now.`,
  ],
  [/^(\d+) parameters in one create call$/, () => 'The settings make a valid VM.'],
  [
    /^([\w.-]+):iso\/(\S+) readable by (.+)$/,
    (m) => `${m[2]} (storage ${m[1]}) can be read by ${m[3]}`,
  ],
];

const TECHNICAL = [
  /\b[a-z][a-z0-9]*_[a-z0-9_]+\b/, // a request field: memory_mb, os_type
  /\b(?:ide|sata|scsi|virtio|efidisk|tpmstate|net|unused)\d+\b/, // a drive or device key
  /\b(?:VM|Datastore|Sys|SDN|Pool|Permissions|Realm|User|Group|Mapping)\.[A-Z]\w*/, // a privilege
  /\b(?:GET|POST|PUT|DELETE)\s+\//, // an HTTP call
  /\/api\/|\/api2\/|UPID:/,
];

/** True when the text names something only an administrator knows (ISO file names aside). */
export function looksTechnical(text: string): boolean {
  const withoutFiles = text.replace(/\S+\.iso\b/gi, 'ISO');
  return TECHNICAL.some((re) => re.test(withoutFiles));
}

/** `local:iso/ubuntu.iso` -> `ubuntu.iso (storage local)`: the file name people know. */
export function isoWords(volid: string): string {
  const m = /^([\w.-]+):iso\/(.+)$/.exec(volid);
  return m ? `${m[2]} (storage ${m[1]})` : volid;
}

export function serverWords(
  text: string,
  fallback = 'LabForge noted a technical detail here; an administrator can read it.',
): Worded {
  for (const [re, words] of RULES) {
    const m = re.exec(text);
    if (m) return { words: words(m), detail: text };
  }
  return looksTechnical(text) ? { words: fallback, detail: text } : { words: text };
}
