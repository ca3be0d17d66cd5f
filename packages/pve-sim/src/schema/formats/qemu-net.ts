import type { InlineFormat } from '../types.js';
import { registerFormat } from './registry.js';
import { bool, int, num, oneOf, req, str } from './schema-helpers.js';

/** Network property strings of qemu-server Network.pm: net[n] and cloud-init ipconfig[n]. */
export const NIC_MODELS = [
  'e1000',
  'e1000-82540em',
  'e1000-82544gc',
  'e1000-82545em',
  'e1000e',
  'i82551',
  'i82557b',
  'i82559er',
  'ne2k_isa',
  'ne2k_pci',
  'pcnet',
  'rtl8139',
  'virtio',
  'vmxnet3',
];

export const netFormat: InlineFormat = {
  macaddr: str({ format: 'mac-addr' }),
  model: req(oneOf(NIC_MODELS, { default_key: 1 })),
  // `virtio=BC:24:11:..` stores the key name as model and the value as macaddr.
  ...Object.fromEntries(NIC_MODELS.map((m) => [m, { keyAlias: 'model', alias: 'macaddr' }])),
  bridge: str({ format: 'pve-bridge-id' }),
  queues: int(0, 64),
  rate: num(0),
  tag: int(1, 4094),
  trunks: str({ pattern: '(?^:\\d+(?:-\\d+)?(?:;\\d+(?:-\\d+)?)*)' }),
  firewall: bool(),
  link_down: bool(),
  mtu: int(1, 65520),
};

export const ipconfigFormat: InlineFormat = {
  ip: str({ format: 'pve-ipv4-config', default: 'dhcp' }),
  gw: str({ format: 'ipv4', requires: 'ip' }),
  ip6: str({ format: 'pve-ipv6-config', default: 'dhcp' }),
  gw6: str({ format: 'ipv6', requires: 'ip6' }),
};

registerFormat('pve-qm-net', netFormat);
registerFormat('pve-qm-ipconfig', ipconfigFormat);
