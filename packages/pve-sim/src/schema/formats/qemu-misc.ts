import { FormatError } from '../errors.js';
import type { InlineFormat } from '../types.js';
import { registerFormat } from './registry.js';
import { bool, int, num, oneOf, req, str } from './schema-helpers.js';
import { splitList } from '../property-string.js';

/** Smaller VM option property strings of qemu-server (QemuServer.pm and its helper modules). */
const BASE64 = '[A-Za-z0-9+\\/]+={0,2}';
const IDS = '(?^:\\d+(?:-\\d+)?(?:;\\d+(?:-\\d+)?)*)';
const HEX_ID = '(?^:^0x[0-9a-fA-F]{4}$)';

export const memoryFormat: InlineFormat = {
  current: req(int(16, undefined, { default_key: 1, default: 512 })),
};
export const agentFormat: InlineFormat = {
  enabled: { type: 'boolean', default: 0, default_key: 1 },
  fstrim_cloned_disks: bool({ default: 0 }),
  'freeze-fs-on-backup': { alias: 'freeze-fs' },
  'guest-fsfreeze': { alias: 'freeze-fs' },
  'freeze-fs': bool({ default: 1 }),
  type: oneOf(['virtio', 'isa'], { default: 'virtio' }),
};
export const vgaFormat: InlineFormat = {
  type: oneOf(
    [
      'cirrus',
      'qxl',
      'qxl2',
      'qxl3',
      'qxl4',
      'none',
      'serial0',
      'serial1',
      'serial2',
      'serial3',
      'std',
      'virtio',
      'virtio-gl',
      'vmware',
    ],
    { default: 'std', default_key: 1 },
  ),
  memory: int(4, 512),
  clipboard: oneOf(['vnc']),
};
export const watchdogFormat: InlineFormat = {
  model: oneOf(['i6300esb', 'ib700'], { default_key: 1, default: 'i6300esb' }),
  action: oneOf(['reset', 'shutdown', 'poweroff', 'pause', 'debug', 'none']),
};
export const smbios1Format: InlineFormat = {
  uuid: str({ pattern: '[a-fA-F0-9]{8}(?:-[a-fA-F0-9]{4}){3}-[a-fA-F0-9]{12}' }),
  version: str({ pattern: BASE64 }),
  serial: str({ pattern: BASE64 }),
  manufacturer: str({ pattern: BASE64 }),
  product: str({ pattern: BASE64 }),
  sku: str({ pattern: BASE64 }),
  family: str({ pattern: BASE64 }),
  base64: bool(),
};
export const ivshmemFormat: InlineFormat = {
  size: req(int(1)),
  name: str({ pattern: '[a-zA-Z0-9\\-]+' }),
};
export const audioFormat: InlineFormat = {
  device: req(oneOf(['ich9-intel-hda', 'intel-hda', 'AC97'])),
  driver: oneOf(['spice', 'none'], { default: 'spice' }),
};
export const spiceFormat: InlineFormat = {
  foldersharing: bool({ default: '0' }),
  videostreaming: oneOf(['off', 'all', 'filter'], { default: 'off' }),
};
export const numaFormat: InlineFormat = {
  cpus: req(str({ pattern: IDS })),
  memory: num(),
  hostnodes: str({ pattern: IDS }),
  policy: oneOf(['preferred', 'bind', 'interleave']),
};
export const usbFormat: InlineFormat = {
  host: str({
    default_key: 1,
    pattern:
      '(?^:(?:(?:(?^:(0x)?([0-9A-Fa-f]{4}):(0x)?([0-9A-Fa-f]{4})))|(?:(?^:(\\d+)\\-(\\d+(\\.\\d+)*)))|[Ss][Pp][Ii][Cc][Ee]))',
  }),
  mapping: str({ format: 'pve-configid' }),
  usb3: bool({ default: 0 }),
};
const PCI = '(?^:(?:[a-f0-9]{4,}:)?[a-f0-9]{2}:[a-f0-9]{2}(?:\\.[a-f0-9])?)';
export const hostpciFormat: InlineFormat = {
  host: str({ default_key: 1, pattern: `(?^:${PCI}(;${PCI})*)` }),
  mapping: str({ format: 'pve-configid' }),
  rombar: bool({ default: 1 }),
  romfile: str({ pattern: '[^,;]+' }),
  pcie: bool({ default: 0 }),
  'x-vga': bool({ default: 0 }),
  'legacy-igd': bool({ default: 0 }),
  mdev: str({ pattern: '[^/\\.:]+' }),
  'vendor-id': str({ pattern: HEX_ID }),
  'device-id': str({ pattern: HEX_ID }),
  'sub-vendor-id': str({ pattern: HEX_ID }),
  'sub-device-id': str({ pattern: HEX_ID }),
  driver: oneOf(['vfio', 'keep'], { default: 'vfio' }),
};
export const rngFormat: InlineFormat = {
  source: req(oneOf(['/dev/urandom', '/dev/random', '/dev/hwrng'], { default_key: 1 })),
  max_bytes: int(undefined, undefined, { default: 1024 }),
  period: int(undefined, undefined, { default: 1000 }),
};
export const virtiofsFormat: InlineFormat = {
  dirid: req(str({ default_key: 1, format: 'pve-configid' })),
  cache: oneOf(['auto', 'always', 'metadata', 'never'], { default: 'auto' }),
  'direct-io': bool({ default: 0 }),
  'expose-xattr': bool({ default: 0 }),
  'expose-acl': bool({ default: 0 }),
};
export const machineFormat: InlineFormat = {
  type: str({
    default_key: 1,
    maxLength: 40,
    pattern:
      '(pc|pc(-i440fx)?-\\d+(\\.\\d+)+(\\+pve\\d+)?(\\.pxe)?|q35|pc-q35-\\d+(\\.\\d+)+(\\+pve\\d+)?(\\.pxe)?|virt(?:-\\d+(\\.\\d+)+)?(\\+pve\\d+)?)',
  }),
  viommu: oneOf(['intel', 'virtio']),
  'aw-bits': num(32, 64),
  'enable-s3': bool(),
  'enable-s4': bool(),
};
export const metaFormat: InlineFormat = {
  ctime: int(0),
  'creation-qemu': str({ pattern: '\\d+(\\.\\d+)+' }),
};
export const cicustomFormat: InlineFormat = {
  meta: str({ format: 'pve-volume-id' }),
  network: str({ format: 'pve-volume-id' }),
  user: str({ format: 'pve-volume-id' }),
  vendor: str({ format: 'pve-volume-id' }),
};
export const sevFormat: InlineFormat = {
  type: req(oneOf(['std', 'es', 'snp'], { default_key: 1, maxLength: 3 })),
  'no-debug': bool({ default: 0 }),
  'no-key-sharing': bool({ default: 0 }),
  'allow-smt': bool({ default: 1 }),
  'kernel-hashes': bool({ default: 0 }),
};
export const tdxFormat: InlineFormat = {
  type: req(oneOf(['tdx'], { default_key: 1 })),
  attestation: { type: 'boolean', default: 1 },
  'vsock-cid': int(2, undefined, { default: 2 }),
  'vsock-port': int(0, undefined, { default: 4050 }),
};

registerFormat('pve-qm-watchdog', watchdogFormat);
registerFormat('pve-qm-smbios1', smbios1Format);
registerFormat('pve-qm-numanode', numaFormat);
registerFormat('pve-qm-usb', usbFormat);
registerFormat('pve-qm-hostpci', hostpciFormat);
registerFormat('pve-qm-rng', rngFormat);
registerFormat('pve-qm-virtiofs', virtiofsFormat);
registerFormat('pve-qemu-machine-fmt', machineFormat);
registerFormat('pve-qm-cicustom', cicustomFormat);
registerFormat('pve-qemu-sev-fmt', sevFormat);
registerFormat('pve-qemu-tdx-fmt', tdxFormat);
// Named aliases for parsePropertyString callers (not PVE format names).
registerFormat('pve-qm-agent', agentFormat);
registerFormat('pve-qm-vga', vgaFormat);
registerFormat('pve-qm-memory', memoryFormat);
registerFormat('pve-qm-meta', metaFormat);

registerFormat('pve-hotplug-features', (v) => {
  if (v === '0') return;
  const features = v === '1' ? ['network', 'disk', 'usb'] : splitList(v);
  for (const f of features) {
    if (!/^(network|disk|cpu|memory|usb|cloudinit)$/.test(f))
      throw new FormatError(`invalid hotplug feature '${f}'\n`);
  }
});
registerFormat('pve-cpuset', (v) => {
  for (const part of v.split(',')) {
    const m = /^\s*(\d+)(?:-(\d+))?\s*$/.exec(part);
    if (!m || (m[2] !== undefined && Number(m[2]) < Number(m[1])))
      throw new FormatError('unable to parse cpuset option\n');
  }
});
