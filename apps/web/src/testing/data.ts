import type {
  BuildResult,
  ClusterNode,
  Iso,
  IsoListResponse,
  Job,
  OsTypeInfo,
  Role,
  SessionResponse,
  Storage,
} from '@labforge/contracts';

const GIB = 1024 ** 3;

export function makeSession(role: Role = 'teacher', clusters = 1): SessionResponse {
  const all = [
    { id: 'lab', name: 'Classroom lab' },
    { id: 'annex', name: 'Annex cluster' },
  ];
  return {
    ok: true,
    user: {
      id: `u-${role}`,
      username: role,
      display_name: role,
      role,
      created_at: '2026-11-01T08:00:00Z',
      disabled: false,
    },
    csrf_token: `csrf-${role}`,
    cluster_id: 'lab',
    clusters: all.slice(0, clusters),
  };
}

export function makeNode(node: string, status: ClusterNode['status'] = 'online'): ClusterNode {
  return { node, status, cpu: 0.1, maxcpu: 16, mem: 8 * GIB, maxmem: 64 * GIB };
}

export function makeIso(name: string, over: Partial<Iso> = {}): Iso {
  const storage = over.storage ?? 'local';
  const node = over.node ?? 'pve1';
  return {
    volid: `${storage}:iso/${name}`,
    name,
    size: 1_474_873_344,
    node,
    storage,
    shared: false,
    nodes: [node],
    ...over,
  };
}

export function isoAnswer(node: string, isos: Iso[]): IsoListResponse {
  return {
    ok: true,
    isos,
    nodes: [{ node, status: 'ok', iso_count: isos.length }],
    fetched_at: 1_764_000_000_000,
  };
}

export function makeStorage(
  storage: string,
  availGib: number,
  over: Partial<Storage> = {},
): Storage {
  const total = Math.max(availGib * 2, 100) * GIB;
  return {
    storage,
    node: 'pve1',
    type: 'lvmthin',
    content: ['images', 'rootdir'],
    avail: availGib * GIB,
    total,
    used: total - availGib * GIB,
    shared: false,
    active: true,
    thin: false,
    ...over,
  };
}

export function makeOsType(id: OsTypeInfo['id'], label: string, windows = false): OsTypeInfo {
  return {
    id,
    label,
    family: windows ? 'windows' : 'linux',
    preset: {
      ostype: windows ? 'win11' : 'l26',
      bios: windows ? 'ovmf' : 'seabios',
      machine: 'q35',
      disk_bus: 'scsi',
      scsihw: 'virtio-scsi-single',
      nic_model: 'virtio',
      cpu_type: 'x86-64-v2-AES',
      efi_disk: windows,
      secure_boot_keys: windows,
      tpm: windows,
      virtio_drivers: windows,
      agent: true,
      memory_mb: windows ? 4096 : 2048,
      disk_size_gb: windows ? 64 : 32,
      cpu_cores: 2,
      notes: windows ? ['Install the virtio storage driver from the second CD.'] : [],
    },
  };
}

export function makeJob(over: Partial<Job> = {}): Job {
  return {
    id: 'job-1',
    kind: 'build',
    status: 'running',
    cluster_id: 'lab',
    created_by: 'teacher',
    created_at: '2026-11-25T20:00:00Z',
    request: { vm_name: 'ubuntu-test' },
    steps: [
      { name: 'resolve-iso', label: 'Find the ISO', status: 'running' },
      { name: 'place', label: 'Choose the node', status: 'pending' },
      { name: 'allocate-vmid', label: 'Reserve a VMID', status: 'pending' },
      { name: 'create', label: 'Create the VM', status: 'pending' },
    ],
    warnings: [],
    ...over,
  };
}

export function makeBuildResult(over: Partial<BuildResult> = {}): BuildResult {
  return {
    ok: true,
    job_id: 'job-1',
    cluster_id: 'lab',
    vmid: 105,
    node: 'pve1',
    name: 'ubuntu-test',
    template: false,
    status: 'stopped',
    iso_file: 'local:iso/ubuntu-22.04-live-server-amd64.iso',
    storage: 'local-lvm',
    warnings: [],
    placement: { node: 'pve1', reason: 'the ISO is on pve1', candidates: ['pve1'], rejected: [] },
    console_url: 'https://pve1.example:8006/?console=kvm&novnc=1&vmid=105&node=pve1',
    next_steps: ['Open the console and install the operating system from the ISO.'],
    ...over,
  };
}
