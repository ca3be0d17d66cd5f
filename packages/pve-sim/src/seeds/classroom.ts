import type { SeedAcl, SimSeed } from './types.js';

const GiB = 1024 ** 3;

/** Credentials of the built-in classroom seed (documented; tests and the demo use them). */
export const classroomCredentials = {
  root: { username: 'root@pam', password: 'labforge-sim-root' },
  user: { username: 'labforge@pve', password: 'labforge-sim-pass' },
  builderToken: {
    tokenid: 'labforge@pve!builder',
    secret: '5a1d0c7e-3b9f-4c2a-9e61-7f4b2d8c9a10',
  },
  noDownloadToken: {
    tokenid: 'labforge@pve!nodownload',
    secret: '0b7e4f52-8d1a-4c3e-a6f9-2e5d7c1b3a48',
  },
} as const;

/** What a VM builder needs; `download` adds node-side ISO downloads (download-url). */
function builderAcl(ugid: string, download: boolean): SeedAcl[] {
  const acl: SeedAcl[] = [
    { path: '/', role: 'PVEAuditor', ugid },
    { path: '/vms', role: 'PVEVMAdmin', ugid },
    { path: '/storage', role: 'PVEDatastoreUser', ugid },
    { path: '/sdn/zones', role: 'PVESDNUser', ugid },
    { path: '/nodes', role: 'PVEAuditor', ugid },
  ];
  if (download) {
    acl.push({ path: '/storage', role: 'LabForgeDownload', ugid });
    acl.push({ path: '/nodes', role: 'LabForgeDownload', ugid });
  }
  return acl;
}

const node = (name: string, maxcpu: number, maxmemGiB: number, memGiB: number, i: number) => ({
  name,
  maxcpu,
  maxmem: maxmemGiB * GiB,
  mem: memGiB * GiB,
  cpu: 0.04 + i * 0.03,
  ip: `10.10.0.${11 + i}`,
});

/** The demo cluster described in issue 3: three nodes, local + local-lvm each, shared isos-nfs. */
export const classroomSeed: SimSeed = {
  clusterName: 'classroom',
  nodes: [node('pve1', 16, 64, 18, 0), node('pve2', 16, 64, 22, 1), node('pve3', 8, 32, 27, 2)],
  storages: [
    {
      id: 'local',
      type: 'dir',
      content: ['iso', 'vztmpl', 'backup'],
      path: '/var/lib/vz',
      total: 94 * GiB,
      used: 21 * GiB,
    },
    {
      id: 'local-lvm',
      type: 'lvmthin',
      content: ['images', 'rootdir'],
      total: 348 * GiB,
      used: 42 * GiB,
      vgname: 'pve',
      thinpool: 'data',
    },
    {
      id: 'isos-nfs',
      type: 'nfs',
      content: ['iso'],
      shared: true,
      path: '/mnt/pve/isos-nfs',
      total: 2048 * GiB,
      used: 311 * GiB,
    },
  ],
  files: [
    {
      volid: 'local:iso/ubuntu-22.04-live-server-amd64.iso',
      size: 2133391360,
      node: 'pve1',
      ctime: 1754000000,
    },
    {
      volid: 'local:iso/Win10_22H2_English_x64.iso',
      size: 6140975104,
      node: 'pve1',
      ctime: 1754000100,
    },
    {
      volid: 'local:iso/debian-12.0.0-amd64-netinst.iso',
      size: 773849088,
      node: 'pve2',
      ctime: 1754000200,
    },
    {
      volid: 'local:iso/Win11_24H2_English_x64.iso',
      size: 5819484160,
      node: 'pve2',
      ctime: 1754000300,
    },
    { volid: 'isos-nfs:iso/Rocky-9.4-x86_64-minimal.iso', size: 1849688064, ctime: 1754000400 },
    { volid: 'isos-nfs:iso/virtio-win.iso', size: 753854464, ctime: 1754000500 },
  ],
  bridges: {
    pve1: [
      { iface: 'vmbr0', cidr: '10.10.0.11/24', gateway: '10.10.0.1', ports: 'eno1' },
      { iface: 'vmbr1', ports: 'eno2', vlanAware: true, comments: 'student lab network' },
    ],
    pve2: [{ iface: 'vmbr0', cidr: '10.10.0.12/24', gateway: '10.10.0.1', ports: 'eno1' }],
    pve3: [{ iface: 'vmbr0', cidr: '10.10.0.13/24', gateway: '10.10.0.1', ports: 'eno1' }],
  },
  vms: [
    {
      vmid: 100,
      node: 'pve1',
      name: 'web-01',
      running: true,
      config: {
        boot: 'order=scsi0;ide2;net0',
        cores: 2,
        cpu: 'x86-64-v2-AES',
        ide2: 'none,media=cdrom',
        memory: '4096',
        meta: 'creation-qemu=10.1.2,ctime=1754100000',
        net0: 'virtio=BC:24:11:10:00:64,bridge=vmbr0,firewall=1',
        numa: 0,
        ostype: 'l26',
        scsi0: 'local-lvm:vm-100-disk-0,iothread=1,size=32G',
        scsihw: 'virtio-scsi-single',
        smbios1: 'uuid=6a0f8a40-2c3e-4d43-9c1e-0c8f1f6b1001',
        sockets: 1,
        vmgenid: '0e7e2d55-4c1a-4b9d-8f51-5f0b8d0c1001',
      },
    },
    {
      vmid: 101,
      node: 'pve2',
      name: 'db-01',
      config: {
        boot: 'order=scsi0;net0',
        cores: 4,
        cpu: 'x86-64-v2-AES',
        memory: '8192',
        meta: 'creation-qemu=10.1.2,ctime=1754100100',
        net0: 'virtio=BC:24:11:10:00:65,bridge=vmbr0,firewall=1',
        numa: 0,
        ostype: 'l26',
        scsi0: 'local-lvm:vm-101-disk-0,iothread=1,size=64G',
        scsihw: 'virtio-scsi-single',
        smbios1: 'uuid=6a0f8a40-2c3e-4d43-9c1e-0c8f1f6b1002',
        sockets: 1,
        vmgenid: '0e7e2d55-4c1a-4b9d-8f51-5f0b8d0c1002',
      },
    },
    {
      vmid: 9000,
      node: 'pve1',
      name: 'ubuntu-2204-template',
      // Installed with qemu-guest-agent: clones answer agent/ping, exec, get-osinfo once booted.
      guest: { installed: true, os: 'linux' },
      config: {
        agent: '1',
        boot: 'order=scsi0;net0',
        cores: 2,
        cpu: 'x86-64-v2-AES',
        memory: '2048',
        meta: 'creation-qemu=10.1.2,ctime=1754000900',
        net0: 'virtio=BC:24:11:10:23:28,bridge=vmbr0,firewall=1',
        ostype: 'l26',
        scsi0: 'local-lvm:base-9000-disk-0,iothread=1,size=32G',
        scsihw: 'virtio-scsi-single',
        smbios1: 'uuid=6a0f8a40-2c3e-4d43-9c1e-0c8f1f6b9000',
        sockets: 1,
        template: 1,
        vmgenid: '0e7e2d55-4c1a-4b9d-8f51-5f0b8d0c9000',
      },
    },
  ],
  users: [
    { userid: classroomCredentials.root.username, password: classroomCredentials.root.password },
    { userid: classroomCredentials.user.username, password: classroomCredentials.user.password },
  ],
  tokens: [
    {
      tokenid: classroomCredentials.builderToken.tokenid,
      secret: classroomCredentials.builderToken.secret,
      privsep: true,
    },
    {
      tokenid: classroomCredentials.noDownloadToken.tokenid,
      secret: classroomCredentials.noDownloadToken.secret,
      privsep: true,
    },
  ],
  roles: { LabForgeDownload: ['Datastore.AllocateTemplate', 'Sys.AccessNetwork'] },
  acl: [
    ...builderAcl('labforge@pve', true),
    ...builderAcl('labforge@pve!builder', true),
    ...builderAcl('labforge@pve!nodownload', false),
  ],
  ssh: { rootPassword: classroomCredentials.root.password },
};
