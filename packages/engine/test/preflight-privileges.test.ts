import { buildRequestSchema } from '@labforge/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBuilderEngine } from '../src/index.js';
import { seedWith } from './support/seeds.js';
import { clientFor, startEnv, type SimEnv } from './support/sim-env.js';

// No virtio-win ISO anywhere: a Windows build would have to download it.
const seed = seedWith((s) => {
  s.files = s.files?.filter((f) => !f.volid.includes('virtio-win'));
});

let env: SimEnv;
beforeAll(async () => {
  env = await startEnv({ seed });
});
afterAll(async () => {
  expect(await env.nonConforming()).toEqual([]);
  await env.close();
});

const win11 = buildRequestSchema.parse({
  vm_name: 'pf-win',
  os_type: 'windows11',
  iso_file: 'local:iso/Win11_24H2_English_x64.iso',
  storage: 'local-lvm',
});
const linux = buildRequestSchema.parse({
  vm_name: 'pf-linux',
  os_type: 'debian',
  iso_file: 'local:iso/debian-12.0.0-amd64-netinst.iso',
  storage: 'local-lvm',
  vmid: 4242,
});

describe('preflight: effective Proxmox privileges', () => {
  it('reports every privilege as held for the builder token, from one permissions call', async () => {
    const seen = await env.control.call<Array<{ seq: number }>>('GET', '/_sim/requests');
    const since = seen.at(-1)?.seq ?? 0;
    const pf = await env.engine.preflight(win11);
    const journal = await env.control.call<Array<{ path: string }>>(
      'GET',
      `/_sim/requests?since=${since}`,
    );
    const perms = journal.filter((e) => e.path.includes('/access/permissions'));
    expect(perms).toHaveLength(1);
    expect(pf.would_succeed).toBe(true);
    const names = pf.checks.filter((c) => c.name.startsWith('privileges')).map((c) => c.name);
    expect(names).toEqual([
      'privileges:vm',
      'privileges:storage',
      'privileges:iso-storage',
      'privileges:bridge',
      'privileges:download',
      'privileges:guest-agent',
    ]);
    expect(pf.checks.every((c) => c.ok)).toBe(true);
    expect(pf.checks).toContainEqual({
      name: 'privileges:storage',
      ok: true,
      message: 'Datastore.AllocateSpace on /storage/local-lvm',
    });
  });

  it('checks /vms/<vmid> when a vmid is given, and no download for Linux', async () => {
    const pf = await env.engine.preflight(linux);
    expect(pf.checks.find((c) => c.name === 'privileges:vm')?.message).toMatch(/ on \/vms\/4242$/);
    expect(pf.checks.some((c) => c.name === 'privileges:download')).toBe(false);
  });

  it('warns, without failing, when the token may not download the virtio ISO', async () => {
    const engine = createBuilderEngine(
      { ...env.cluster, client: clientFor(env.sim, 'nodownload') },
      { isoCacheTtlMs: 0 },
    );
    const pf = await engine.preflight(win11);
    const dl = pf.checks.find((c) => c.name === 'privileges:download');
    expect(dl?.ok).toBe(false);
    expect(dl?.message).toMatch(/^missing Datastore\.AllocateTemplate on \/storage\/\S+ and /);
    expect(pf.warnings).toContain(dl?.message);
    expect(pf.would_succeed).toBe(true);
  });

  it('fails when a required privilege is missing, naming it and its path', async () => {
    const noSdn = seedWith((s) => {
      s.files = s.files?.filter((f) => !f.volid.includes('virtio-win'));
      s.acl = s.acl?.filter((a) => !(a.ugid === 'labforge@pve!builder' && a.path === '/sdn/zones'));
    });
    await env.control.call('POST', '/_sim/seed', { seed: noSdn });
    try {
      const pf = await env.engine.preflight(linux);
      expect(pf.would_succeed).toBe(false);
      expect(pf.checks).toContainEqual({
        name: 'privileges:bridge',
        ok: false,
        message: 'missing SDN.Use on /sdn/zones/localnetwork/vmbr0',
      });
    } finally {
      await env.control.call('POST', '/_sim/seed', { seed });
    }
  });
});
