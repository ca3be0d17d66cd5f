import type { VmConfig } from '../state/types.js';
import { DRIVE_KEY } from '../state/volume-names.js';

export const QEMU_VERSION = '10.1.2';
const MACHINE_VERSION = '10.1';
const WINDOWS = new Set(['w2k', 'wxp', 'w2k3', 'w2k8', 'wvista', 'win7', 'win8', 'win10', 'win11']);

/** Windows guests get their machine version pinned at create (qemu-server windows_version). */
export function pinWindowsMachine(config: VmConfig): string | undefined {
  if (!WINDOWS.has(String(config.ostype ?? ''))) return undefined;
  const raw = config.machine === undefined ? '' : String(config.machine);
  const m = /^(?:type=)?([^,]*)(.*)$/.exec(raw);
  const type = m?.[1] ?? '';
  if (type !== '' && type !== 'pc' && type !== 'q35') return undefined;
  const pinned = `${type === 'q35' ? 'pc-q35' : 'pc-i440fx'}-${MACHINE_VERSION}`;
  config.machine = `${pinned}${m?.[2] ?? ''}`;
  return pinned;
}

/** get_default_boot_order: first disk, first CD-ROM, first NIC (scan order ide, scsi, virtio, sata). */
export function defaultBootOrder(config: VmConfig): string | undefined {
  const keys: string[] = [];
  for (const bus of ['ide', 'scsi', 'virtio', 'sata'])
    for (let i = 0; i < 31; i++) if (config[`${bus}${i}`] !== undefined) keys.push(`${bus}${i}`);
  const isCd = (k: string): boolean => String(config[k]).includes('media=cdrom');
  const disk = keys.find((k) => !isCd(k) && DRIVE_KEY.test(k));
  const cd = keys.find((k) => isCd(k));
  const net = Array.from({ length: 32 }, (_, i) => `net${i}`).find((k) => config[k] !== undefined);
  const order = [disk, cd, net].filter((x): x is string => x !== undefined);
  return order.length ? `order=${order.join(';')}` : undefined;
}
