import type { TextLine } from './framebuffer.js';
import type { GuestConsole } from './guest-console.js';

/** The text each screen shows (what a test reads back from pixels). */
export function screenLines(g: GuestConsole): TextLine[] {
  const name = String(g.vm.config.name ?? `VM ${g.vm.vmid}`);
  const t = (text: string): TextLine => ({ text });
  const typed = (prompt: string): TextLine[] => [
    ...g.entered.slice(-20).map((l) => t(`${prompt}${l}`)),
    t(`${prompt}${g.typing}_`),
  ];
  const ovmf = g.vm.config.bios === 'ovmf';
  switch (g.state) {
    case 'off':
      return [t('powered off')];
    case 'firmware':
      return ovmf
        ? [t('Proxmox VE OVMF'), t(''), t('BdsDxe: loading Boot0001 "UEFI QEMU DVD-ROM"')]
        : [t('SeaBIOS (version rel-1.16.3)'), t(''), t('Booting from DVD/CD...')];
    case 'boot-prompt':
      return [
        t(ovmf ? 'BdsDxe: starting Boot0001 "UEFI QEMU DVD-ROM"' : 'Booting from DVD/CD...'),
        t(''),
        t('Press any key to boot from CD or DVD...'),
      ];
    case 'uefi-shell':
      return [
        t('UEFI Interactive Shell v2.2'),
        t('EDK II'),
        t('UEFI v2.70 (EDK II, 0x00010000)'),
        t('Mapping table'),
        t('     BLK0: Alias(s):'),
        t('Press ESC in 1 seconds to skip startup.nsh.'),
        ...typed('Shell> '),
      ];
    case 'no-boot':
      return [
        t('Booting from Hard Disk...'),
        t('Boot failed: not a bootable disk'),
        t(''),
        t('No bootable device.'),
      ];
    case 'installer': {
      const title = g.installer?.title ?? 'Installer';
      const intro =
        g.installer?.os === 'windows'
          ? ['Language to install: English (United States)', 'Keyboard or input method: US']
          : ['Welcome! Please choose your preferred language.'];
      return [t(title), t(''), ...intro.map(t), t(''), ...typed('> ')];
    }
    case 'os':
      return [t(`${name} is running`), t(''), ...typed(`${name} login: `)];
  }
}
