import {
  buildRequestSchema,
  SPEC_EXAMPLE_REQUESTS,
  type BuildRequestInput,
} from '@labforge/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDescription } from '../src/index.js';
import { ctxFor, startEnv, type SimEnv } from './support/sim-env.js';

let env: SimEnv;
beforeAll(async () => {
  env = await startEnv();
});
afterAll(async () => {
  expect(await env.nonConforming()).toEqual([]);
  await env.close();
});

const req = (input: Partial<BuildRequestInput> & { vm_name: string; iso_file: string }) =>
  buildRequestSchema.parse(input);

async function configOf(node: string, vmid: number): Promise<Record<string, unknown>> {
  return env.client.request<Record<string, unknown>>('GET', `/nodes/${node}/qemu/${vmid}/config`);
}

describe('each OS preset, read back from the simulator', () => {
  it('builds the specification’s Ubuntu example on the node holding the ISO, stopped', async () => {
    const ctx = ctxFor('alice');
    const out = await env.engine.jobs.build.run(
      req({
        vm_name: 'ubuntu-test',
        os_type: 'ubuntu',
        iso_file: 'local:iso/ubuntu-22.04-live-server-amd64.iso',
        cpu_cores: 2,
        memory_mb: 2048,
        disk_size_gb: 32,
        storage: 'local-lvm',
        network_bridge: 'vmbr0',
      }),
      ctx,
    );
    expect(out).toMatchObject({
      node: 'pve1',
      name: 'ubuntu-test',
      template: false,
      storage: 'local-lvm',
    });
    expect(out.placement.reason).toMatch(/only node holding the ISO/);
    const cfg = await configOf('pve1', out.vmid);
    expect(cfg).toMatchObject({
      name: 'ubuntu-test',
      ostype: 'l26',
      cores: 2,
      sockets: 1,
      scsihw: 'virtio-scsi-single',
      boot: 'order=ide2;scsi0;net0',
      tags: 'labforge',
    });
    expect(String(cfg.memory)).toBe('2048');
    expect(cfg.scsi0).toMatch(new RegExp(`^local-lvm:vm-${out.vmid}-disk-0,iothread=1,size=32G$`));
    expect(cfg.ide2).toMatch(/^local:iso\/ubuntu-22\.04-live-server-amd64\.iso,media=cdrom/);
    expect(cfg.net0).toMatch(/^virtio=[0-9A-F:]{17},bridge=vmbr0,firewall=1$/);
    expect(cfg).not.toHaveProperty('lock');
    expect(parseDescription(cfg.description)).toMatchObject({
      built_by: 'alice',
      iso_file: 'local:iso/ubuntu-22.04-live-server-amd64.iso',
      job_id: ctx.jobId,
    });
    const status = await env.client.request<{ status: string }>(
      'GET',
      `/nodes/pve1/qemu/${out.vmid}/status/current`,
    );
    expect(status.status).toBe('stopped');
    const steps = ctx.events
      .filter((e) => e.type === 'step' && e.status === 'done')
      .map((e) => (e.type === 'step' ? e.step : ''));
    expect(steps).toEqual(['resolve-iso', 'place', 'allocate-vmid', 'create']);
    expect(ctx.events.some((e) => e.type === 'checkpoint' && e.checkpoint.step === 'done')).toBe(
      true,
    );
  });

  it('gives Windows 11 q35, OVMF, EFI disk with keys, TPM 2.0 and the shared virtio ISO', async () => {
    const version = await env.client.request<{ version: string }>('GET', '/version');
    const out = await env.engine.jobs.build.run(
      req({
        vm_name: 'win11',
        os_type: 'windows',
        iso_file: 'local:iso/Win11_24H2_English_x64.iso',
        storage: 'local-lvm',
      }),
      ctxFor(),
    );
    expect(out.node).toBe('pve2');
    expect(out.virtio_iso_file).toBe('isos-nfs:iso/virtio-win.iso');
    const cfg = await configOf('pve2', out.vmid);
    expect(cfg).toMatchObject({ ostype: 'win11', bios: 'ovmf', cores: 2 });
    expect(String(cfg.memory)).toBe('4096');
    expect(cfg.machine).toMatch(/^pc-q35-\d+\.\d+(\+pve\d+)?$/);
    expect(cfg.efidisk0).toMatch(/efitype=4m/);
    expect(cfg.efidisk0).toMatch(/pre-enrolled-keys=1/);
    if (/^9\.[1-9]|^\d{2,}/.test(version.version)) expect(cfg.efidisk0).toMatch(/ms-cert=2023k/);
    expect(cfg.tpmstate0).toMatch(/version=v2\.0/);
    expect(cfg.ide0).toMatch(/^isos-nfs:iso\/virtio-win\.iso,media=cdrom/);
    expect(cfg.ide2).toMatch(/^local:iso\/Win11_24H2_English_x64\.iso,media=cdrom/);
    expect(cfg.scsi0).toMatch(/size=64G/);
    expect(cfg.boot).toBe('order=ide2;scsi0;net0');
  });

  it('builds the specification’s Windows 10 example with OVMF and its EFI disk, no TPM', async () => {
    const out = await env.engine.jobs.build.run(req(SPEC_EXAMPLE_REQUESTS.windows), ctxFor());
    const cfg = await configOf(out.node, out.vmid);
    expect(out.node).toBe('pve1');
    expect(cfg).toMatchObject({ ostype: 'win10', bios: 'ovmf', cores: 4 });
    expect(cfg.efidisk0).toMatch(/efitype=4m,.*pre-enrolled-keys=1/);
    expect(cfg).not.toHaveProperty('tpmstate0');
    expect(cfg.ide0).toMatch(/virtio-win\.iso,media=cdrom/);
    expect(cfg.scsi0).toMatch(/size=128G/);
  });

  it('places a shared-storage ISO on the node with the most free memory', async () => {
    const out = await env.engine.jobs.build.run(
      req({
        vm_name: 'rocky',
        os_type: 'rocky',
        iso_file: 'isos-nfs:iso/Rocky-9.4-x86_64-minimal.iso',
      }),
      ctxFor(),
    );
    expect(out.placement.candidates.length).toBeGreaterThan(1);
    expect(out.placement.reason).toMatch(/shared storage isos-nfs/);
    const nodes = await env.engine.listNodes();
    const free = (n: string) => {
      const x = nodes.find((y) => y.node === n);
      return (x?.maxmem ?? 0) - (x?.mem ?? 0);
    };
    for (const c of out.placement.candidates)
      expect(free(out.node)).toBeGreaterThanOrEqual(free(c) - 4 * 1024 ** 3);
    const cfg = await configOf(out.node, out.vmid);
    expect(cfg.ostype).toBe('l26');
  });

  it('gives "other" the GUI generic hardware (IDE disk, e1000)', async () => {
    const out = await env.engine.jobs.build.run(
      req({
        vm_name: 'other-os',
        os_type: 'other',
        iso_file: 'local:iso/debian-12.0.0-amd64-netinst.iso',
        storage: 'local-lvm',
      }),
      ctxFor(),
    );
    const cfg = await configOf(out.node, out.vmid);
    expect(cfg).toMatchObject({ ostype: 'other', boot: 'order=ide2;ide0;net0' });
    expect(cfg.ide0).toMatch(/^local-lvm:vm-\d+-disk-0,size=32G$/);
    expect(cfg.net0).toMatch(/^e1000=/);
  });

  it('converts to a template that keeps its install media, and says so', async () => {
    const ctx = ctxFor();
    const out = await env.engine.jobs.build.run(req(SPEC_EXAMPLE_REQUESTS.template), ctx);
    expect(out.template).toBe(true);
    expect(out.next_steps.join(' ')).toMatch(/keeps its install media attached/);
    expect(out.warnings.join(' ')).toMatch(/node-local storage 'local-lvm'/);
    const cfg = await configOf('pve2', out.vmid);
    expect(cfg.template).toBe(1);
    expect(cfg.scsi0).toMatch(new RegExp(`^local-lvm:base-${out.vmid}-disk-0`));
    expect(cfg.ide2).toMatch(/debian-12\.0\.0-amd64-netinst\.iso,media=cdrom/);
    const template = ctx.events.find(
      (e) => e.type === 'step' && e.step === 'convert-template' && e.status === 'done',
    );
    expect(template).toBeDefined();
  });
});
