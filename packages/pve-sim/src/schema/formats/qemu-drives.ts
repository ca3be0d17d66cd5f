import type { InlineFormat } from '../types.js';
import { registerFormat } from './registry.js';
import { alias, bool, int, num, oneOf, req, str } from './schema-helpers.js';

/** Drive property strings of qemu-server Drive.pm (PVE 9.1). */
const imageFormat = oneOf(['raw', 'qcow', 'qed', 'qcow2', 'vmdk', 'cloop']);
const file = req(str({ format: 'pve-volume-id-or-qm-path', default_key: 1 }));
const size = str({ format: 'disk-size' });
const throttleMinOne = (): ReturnType<typeof int> => int(1);

const driveBase: InlineFormat = {
  volume: alias('file'),
  file,
  media: oneOf(['cdrom', 'disk'], { default: 'disk' }),
  snapshot: bool(),
  cache: oneOf(['none', 'writethrough', 'writeback', 'unsafe', 'directsync']),
  format: imageFormat,
  size,
  backup: bool(),
  replicate: bool({ default: 1 }),
  rerror: oneOf(['ignore', 'report', 'stop']),
  werror: oneOf(['enospc', 'ignore', 'report', 'stop']),
  aio: oneOf(['native', 'threads', 'io_uring']),
  discard: oneOf(['ignore', 'on']),
  detect_zeroes: bool(),
  serial: str({ format: 'urlencoded', maxLength: 60 }),
  shared: bool({ default: 0 }),
  bps: int(),
  bps_rd: int(),
  bps_wr: int(),
  mbps: num(),
  mbps_rd: num(),
  mbps_wr: num(),
  iops: int(),
  iops_rd: int(),
  iops_wr: int(),
  mbps_max: num(),
  mbps_rd_max: num(),
  mbps_wr_max: num(),
  iops_max: int(),
  iops_rd_max: int(),
  iops_wr_max: int(),
  bps_max_length: throttleMinOne(),
  bps_rd_max_length: throttleMinOne(),
  bps_wr_max_length: throttleMinOne(),
  iops_max_length: throttleMinOne(),
  iops_rd_max_length: throttleMinOne(),
  iops_wr_max_length: throttleMinOne(),
  bps_rd_length: alias('bps_rd_max_length'),
  bps_wr_length: alias('bps_wr_max_length'),
  iops_rd_length: alias('iops_rd_max_length'),
  iops_wr_length: alias('iops_wr_max_length'),
};

const iothread = { iothread: bool() };
const product = { product: str({ pattern: '[A-Za-z0-9\\-_\\s]{,16}' }) };
const vendor = { vendor: str({ pattern: '[A-Za-z0-9\\-_\\s]{,8}' }) };
const model = { model: str({ format: 'urlencoded', maxLength: 120 }) };
const queues = { queues: int(2) };
const ro = { ro: bool() };
const scsiblock = { scsiblock: bool({ default: 0 }) };
const ssd = { ssd: bool() };
const wwn = { wwn: str({ pattern: '(?^:^(0x)[0-9a-fA-F]{16})' }) };
const efitype: InlineFormat = {
  efitype: oneOf(['2m', '4m'], { default: '2m' }),
  'pre-enrolled-keys': bool({ default: 0 }),
  'ms-cert': oneOf(['2011', '2023', '2023w', '2023k'], { default: '2011' }),
};
const tpmversion = { version: oneOf(['v1.2', 'v2.0'], { default: 'v1.2' }) };
const importFrom = { 'import-from': str({ format: 'pve-volume-id-or-absolute-path' }) };

export const ideFormat: InlineFormat = { ...driveBase, ...model, ...ssd, ...wwn };
export const scsiFormat: InlineFormat = {
  ...driveBase,
  ...iothread,
  ...product,
  ...queues,
  ...ro,
  ...scsiblock,
  ...ssd,
  ...vendor,
  ...wwn,
};
export const sataFormat: InlineFormat = { ...driveBase, ...ssd, ...wwn };
export const virtioFormat: InlineFormat = { ...driveBase, ...iothread, ...ro };
export const efidiskFormat: InlineFormat = {
  volume: alias('file'),
  file,
  format: imageFormat,
  size,
  ...efitype,
};
export const tpmstateFormat: InlineFormat = {
  volume: alias('file'),
  file,
  format: oneOf(['raw', 'qcow2', 'vmdk']),
  size,
  ...tpmversion,
};
export const unusedFormat: InlineFormat = {
  volume: alias('file'),
  file: req(str({ format: 'pve-volume-id', default_key: 1 })),
};
/** Union of all drive keys (print_drive / parse of any drive line). */
export const allDriveFormat: InlineFormat = {
  ...driveBase,
  ...iothread,
  ...model,
  ...product,
  ...queues,
  ...ro,
  ...scsiblock,
  ...ssd,
  ...vendor,
  ...wwn,
  ...tpmversion,
  ...efitype,
};

/** The create-time variant (Drive.pm $desc_with_alloc): adds `import-from`; unused has none. */
export const withAlloc = (fmt: InlineFormat): InlineFormat => ({ ...fmt, ...importFrom });

registerFormat('pve-qm-ide', ideFormat);
registerFormat('pve-qm-scsi', scsiFormat);
registerFormat('pve-qm-sata', sataFormat);
registerFormat('pve-qm-virtio', virtioFormat);
registerFormat('pve-qm-efidisk', efidiskFormat);
registerFormat('pve-qm-tpmstate', tpmstateFormat);
registerFormat('pve-qm-unused', unusedFormat);
registerFormat('pve-qm-drive', allDriveFormat);
registerFormat('pve-qm-drive-with-alloc', withAlloc(allDriveFormat));
