import { describe, expect, it } from 'vitest';
import {
  VM_PRIVS,
  pathChain,
  guestAgentCheck,
  privilegeChecks,
  privilegesAt,
  type PermissionMap,
} from '../src/preflight/privileges.js';

const all = (privs: readonly string[], propagate = 1) =>
  Object.fromEntries(privs.map((p) => [p, propagate]));

const builder: PermissionMap = {
  '/': all(['Sys.Audit']),
  '/vms': all([...VM_PRIVS, 'VM.GuestAgent.Audit', 'VM.GuestAgent.Unrestricted']),
  '/storage': all(['Datastore.AllocateSpace', 'Datastore.Audit', 'Datastore.AllocateTemplate']),
  '/sdn/zones': all(['SDN.Use']),
  '/nodes': all(['Sys.Audit', 'Sys.AccessNetwork']),
};

const input = {
  storage: 'local-lvm',
  isoStorage: 'local',
  bridge: 'vmbr0',
  node: 'pve1',
};

describe('privilege lookup along the ACL path', () => {
  it('walks from the path up to /', () => {
    expect(pathChain('/vms/100')).toEqual(['/vms/100', '/vms', '/']);
    expect(pathChain('/')).toEqual(['/']);
  });

  it('uses the nearest listed parent, and the exact entry over a parent', () => {
    const map: PermissionMap = { '/': all(['Sys.Audit']), '/vms/100': all(['VM.Audit']) };
    expect([...privilegesAt(map, '/vms/100')]).toEqual(['VM.Audit']);
    expect([...privilegesAt(map, '/vms/101')]).toEqual(['Sys.Audit']);
    expect(privilegesAt({}, '/vms').size).toBe(0);
  });

  it('does not inherit privileges whose propagate flag is 0', () => {
    const map: PermissionMap = { '/vms': { 'VM.Allocate': 0, 'VM.Audit': 1 } };
    expect([...privilegesAt(map, '/vms')].sort()).toEqual(['VM.Allocate', 'VM.Audit']);
    expect([...privilegesAt(map, '/vms/100')]).toEqual(['VM.Audit']);
  });
});

describe('privilegeChecks', () => {
  it('passes every check for a builder token', () => {
    const out = privilegeChecks(builder, { ...input, vmid: 120, downloadStorage: 'isos-nfs' });
    expect(out.required.every((c) => c.ok)).toBe(true);
    expect(out.advisory).toEqual([
      { name: 'privileges:download', ok: true, message: expect.stringMatching(/isos-nfs/) },
      {
        name: 'privileges:guest-agent',
        ok: true,
        message:
          'Post-deployment scripts can run in these VMs (VM.GuestAgent.Unrestricted on /vms/120)',
      },
    ]);
  });

  it('names the missing privilege and path', () => {
    const map: PermissionMap = {
      ...builder,
      '/storage/local-lvm': all(['Datastore.Audit']),
      '/vms/120': all(['VM.Allocate', 'VM.Config.CPU']),
    };
    const out = privilegeChecks(map, { ...input, vmid: 120 });
    expect(out.required.filter((c) => !c.ok).map((c) => c.message)).toEqual([
      'missing VM.Config.Memory, VM.Config.Disk, VM.Config.Network, VM.Config.HWType, VM.Config.Options on /vms/120',
      'missing Datastore.AllocateSpace on /storage/local-lvm',
    ]);
    expect(out.advisory.map((c) => [c.name, c.ok])).toEqual([['privileges:guest-agent', false]]);
  });

  it('says in words why scripts cannot run, with PVE 9’s agent privileges for the administrator', () => {
    const audit = guestAgentCheck({ '/vms': all([...VM_PRIVS, 'VM.GuestAgent.Audit']) }, '/vms');
    expect(audit).toEqual({
      name: 'privileges:guest-agent',
      ok: false,
      message:
        "Post-deployment scripts cannot run in these VMs: LabForge's Proxmox account may not use the QEMU guest agent. For the administrator: missing VM.GuestAgent.Unrestricted (to run the script) on /vms.",
    });
    const old = guestAgentCheck({ '/vms': all([...VM_PRIVS, 'VM.Monitor']) }, '/vms');
    expect(old.message).toMatch(
      /missing VM.GuestAgent.Audit \(to see whether the agent answers\) and VM.GuestAgent.Unrestricted \(to run the script\) on \/vms; VM.Monitor was enough before Proxmox VE 9/,
    );
  });

  it('accepts Datastore.Audit alone on the ISO storage and checks SDN.Use on the bridge', () => {
    const map: PermissionMap = { ...builder, '/storage/local': all(['Datastore.Audit']) };
    const checks = privilegeChecks(map, input).required;
    expect(checks.find((c) => c.name === 'privileges:iso-storage')).toMatchObject({ ok: true });
    const noSdn = privilegeChecks({ ...builder, '/sdn/zones': {} }, input).required;
    expect(noSdn.find((c) => c.name === 'privileges:bridge')).toEqual({
      name: 'privileges:bridge',
      ok: false,
      message: 'missing SDN.Use on /sdn/zones/localnetwork/vmbr0',
    });
  });

  it('needs Datastore.AllocateTemplate plus Sys.AccessNetwork or Sys.Audit+Sys.Modify to download', () => {
    const dl = { ...input, downloadStorage: 'isos-nfs' };
    const viaRoot = { ...builder, '/': all(['Sys.Audit', 'Sys.Modify']), '/nodes': {} };
    expect(privilegeChecks(viaRoot, dl).advisory[0]?.ok).toBe(true);
    const none = privilegeChecks(
      { ...builder, '/nodes': all(['Sys.Audit']), '/storage': all(['Datastore.AllocateSpace']) },
      dl,
    ).advisory[0];
    expect(none?.ok).toBe(false);
    expect(none?.message).toBe(
      'missing Datastore.AllocateTemplate on /storage/isos-nfs and Sys.AccessNetwork on /nodes/pve1 (or Sys.Modify on /): the virtio ISO would be fetched over SSH or the VM built without drivers',
    );
  });
});
