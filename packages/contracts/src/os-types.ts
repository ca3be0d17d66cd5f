import { z } from 'zod';

/**
 * The OS types a teacher can choose. `windows` means "Windows, version recognised from the ISO
 * name" (Windows 11 unless the name says otherwise is NOT assumed: see `guessOsType`); the
 * explicit `windows11` / `windows10` choices override the recognition.
 */
export const OS_TYPES = [
  'ubuntu',
  'debian',
  'centos',
  'rocky',
  'alma',
  'fedora',
  'opensuse',
  'linux',
  'windows',
  'windows11',
  'windows10',
  'windows-server',
  'other',
] as const;
export type OsType = (typeof OS_TYPES)[number];

export const osTypeSchema = z.enum(OS_TYPES, {
  error: `os_type must be one of ${OS_TYPES.join(', ')}`,
});

export const OS_TYPE_LABELS: Record<OsType, string> = {
  ubuntu: 'Ubuntu',
  debian: 'Debian',
  centos: 'CentOS',
  rocky: 'Rocky Linux',
  alma: 'AlmaLinux',
  fedora: 'Fedora',
  opensuse: 'openSUSE',
  linux: 'Other Linux',
  windows: 'Windows (version from the ISO name)',
  windows11: 'Windows 11',
  windows10: 'Windows 10',
  'windows-server': 'Windows Server 2022/2025',
  other: 'Other',
};

const RULES: ReadonlyArray<readonly [RegExp, OsType]> = [
  [/virtio-win/i, 'other'],
  [/win(dows)?[ _-]?11/i, 'windows11'],
  [/win(dows)?[ _-]?10/i, 'windows10'],
  [/(server|srv)[ _-]?20(16|19|22|25)|windows[ _-]?server/i, 'windows-server'],
  [/^win/i, 'windows'],
  [/ubuntu|kubuntu|xubuntu|lubuntu/i, 'ubuntu'],
  [/debian/i, 'debian'],
  [/centos/i, 'centos'],
  [/rocky/i, 'rocky'],
  [/alma/i, 'alma'],
  [/fedora/i, 'fedora'],
  [/opensuse|suse/i, 'opensuse'],
  [/arch|mint|manjaro|kali|alpine|nixos|linux/i, 'linux'],
];

/** Suggests an OS type from an ISO file name, or undefined when nothing is recognised. */
export function guessOsType(isoName: string): OsType | undefined {
  const base = isoName.replace(/^.*[:/]/, '');
  if (/virtio-win/i.test(base)) return undefined;
  for (const [pattern, os] of RULES) if (pattern.test(base)) return os;
  return undefined;
}

export function isWindows(os: OsType): boolean {
  return os.startsWith('windows');
}
