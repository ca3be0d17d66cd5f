/**
 * Pure reading of GET /access/permissions for the dry run: which of the privileges a build needs
 * the configured user/token holds. The response maps each listed path to `{ privilege: propagate }`
 * (already the effective set, roles and groups resolved); a path that is not listed inherits from
 * its nearest listed parent, but only the privileges whose propagate flag is 1.
 */
export type PermissionMap = Record<string, Record<string, number>>;

export interface PrivilegeCheck {
  name: string;
  ok: boolean;
  message: string;
}

/** `/vms/100` -> `/vms/100`, `/vms`, `/`. */
export function pathChain(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  const chain: string[] = [];
  for (let i = parts.length; i > 0; i--) chain.push(`/${parts.slice(0, i).join('/')}`);
  chain.push('/');
  return chain;
}

/** Effective privileges on `path`: the exact entry, else the nearest listed parent's propagating ones. */
export function privilegesAt(map: PermissionMap, path: string): Set<string> {
  for (const [i, p] of pathChain(path).entries()) {
    const entry = map[p];
    if (entry === undefined) continue;
    const names = Object.entries(entry)
      .filter(([, propagate]) => i === 0 || Number(propagate) === 1)
      .map(([name]) => name);
    return new Set(names);
  }
  return new Set();
}

export function missingAt(map: PermissionMap, path: string, privs: readonly string[]): string[] {
  const have = privilegesAt(map, path);
  return privs.filter((p) => !have.has(p));
}

function allOf(
  map: PermissionMap,
  name: string,
  path: string,
  privs: readonly string[],
): PrivilegeCheck {
  const missing = missingAt(map, path, privs);
  return missing.length === 0
    ? { name, ok: true, message: `${privs.join(', ')} on ${path}` }
    : { name, ok: false, message: `missing ${missing.join(', ')} on ${path}` };
}

function anyOf(
  map: PermissionMap,
  name: string,
  path: string,
  privs: readonly string[],
): PrivilegeCheck {
  const have = privilegesAt(map, path);
  const held = privs.find((p) => have.has(p));
  return held
    ? { name, ok: true, message: `${held} on ${path}` }
    : { name, ok: false, message: `missing ${privs.join(' or ')} on ${path}` };
}

export const VM_PRIVS = [
  'VM.Allocate',
  'VM.Config.CPU',
  'VM.Config.Memory',
  'VM.Config.Disk',
  'VM.Config.Network',
  'VM.Config.HWType',
  'VM.Config.Options',
] as const;

export interface PrivilegeInput {
  vmid?: number | undefined;
  /** Storage of the new disks. */
  storage: string;
  /** Storage holding the install ISO. */
  isoStorage: string;
  bridge: string;
  node: string;
  /** Set when a Windows build would download the virtio ISO into this storage. */
  downloadStorage?: string | undefined;
}

/** Required checks (a failure stops the build) and advisory ones (a fallback exists). */
export function privilegeChecks(
  map: PermissionMap,
  input: PrivilegeInput,
): { required: PrivilegeCheck[]; advisory: PrivilegeCheck[] } {
  const vmPath = input.vmid !== undefined ? `/vms/${input.vmid}` : '/vms';
  const required = [
    allOf(map, 'privileges:vm', vmPath, VM_PRIVS),
    allOf(map, 'privileges:storage', `/storage/${input.storage}`, ['Datastore.AllocateSpace']),
    anyOf(map, 'privileges:iso-storage', `/storage/${input.isoStorage}`, [
      'Datastore.AllocateSpace',
      'Datastore.Audit',
    ]),
    allOf(map, 'privileges:bridge', `/sdn/zones/localnetwork/${input.bridge}`, ['SDN.Use']),
  ];
  const advisory: PrivilegeCheck[] = [];
  if (input.downloadStorage !== undefined) advisory.push(downloadCheck(map, input));
  advisory.push(guestAgentCheck(map, vmPath));
  return { required, advisory };
}

/**
 * Post-deployment scripts talk to the QEMU guest agent. PVE 9 split the agent's privileges out
 * of VM.Monitor (qemu-server checks them per endpoint): agent/ping needs VM.GuestAgent.Audit or
 * VM.GuestAgent.Unrestricted, agent/exec and agent/exec-status VM.GuestAgent.Unrestricted. A
 * build does not need them, so the check is advisory, in words first, privilege names after.
 */
export function guestAgentCheck(map: PermissionMap, vmPath: string): PrivilegeCheck {
  const name = 'privileges:guest-agent';
  const have = privilegesAt(map, vmPath);
  const ping = have.has('VM.GuestAgent.Audit') || have.has('VM.GuestAgent.Unrestricted');
  const exec = have.has('VM.GuestAgent.Unrestricted');
  if (ping && exec)
    return {
      name,
      ok: true,
      message: `Post-deployment scripts can run in these VMs (VM.GuestAgent.Unrestricted on ${vmPath})`,
    };
  const missing = [
    ...(ping ? [] : ['VM.GuestAgent.Audit (to see whether the agent answers)']),
    'VM.GuestAgent.Unrestricted (to run the script)',
  ];
  const monitor = have.has('VM.Monitor')
    ? '; VM.Monitor was enough before Proxmox VE 9, which split these privileges out of it'
    : '';
  return {
    name,
    ok: false,
    message: `Post-deployment scripts cannot run in these VMs: LabForge's Proxmox account may not use the QEMU guest agent. For the administrator: missing ${missing.join(' and ')} on ${vmPath}${monitor}.`,
  };
}

/** download-url: Datastore.AllocateTemplate on the storage plus (Sys.Audit+Sys.Modify on /) or Sys.AccessNetwork on the node. */
function downloadCheck(map: PermissionMap, input: PrivilegeInput): PrivilegeCheck {
  const name = 'privileges:download';
  const storagePath = `/storage/${input.downloadStorage ?? ''}`;
  const missing = missingAt(map, storagePath, ['Datastore.AllocateTemplate']).map(
    (p) => `${p} on ${storagePath}`,
  );
  const nodePath = `/nodes/${input.node}`;
  const sys = missingAt(map, '/', ['Sys.Audit', 'Sys.Modify']);
  const net = missingAt(map, nodePath, ['Sys.AccessNetwork']);
  if (sys.length > 0 && net.length > 0)
    missing.push(`Sys.AccessNetwork on ${nodePath} (or ${sys.join(' and ')} on /)`);
  const fallback = 'the virtio ISO would be fetched over SSH or the VM built without drivers';
  return missing.length === 0
    ? { name, ok: true, message: `may download the virtio ISO into ${input.downloadStorage}` }
    : { name, ok: false, message: `missing ${missing.join(' and ')}: ${fallback}` };
}
