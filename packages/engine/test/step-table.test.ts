import {
  STEP_TABLE,
  buildRequestSchema,
  bulkBuildRequestSchema,
  finaliseTemplateRequestSchema,
  type JobKind,
} from '@labforge/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBuilderEngine, type BuildEvent } from '../src/index.js';
import { startFileServer, type FileServer } from './support/file-server.js';
import { seedWith } from './support/seeds.js';
import { ctxFor, startEnv, type SimEnv } from './support/sim-env.js';

/**
 * Every step the engine reports must be in the contracts' step table, for a job kind the table
 * lists: the API and the SPA show only the table's labels, so an unknown name would show raw.
 */
const seed = seedWith((s) => {
  s.files = s.files?.filter((f) => !f.volid.includes('virtio-win'));
});

let env: SimEnv;
let files: FileServer;
const seen: Array<{ kind: JobKind; event: BuildEvent }> = [];
beforeAll(async () => {
  files = await startFileServer();
  env = await startEnv({ seed });
});
afterAll(async () => {
  await env.close();
  await files.close();
});

function recorded(kind: JobKind) {
  const ctx = ctxFor();
  const emit = ctx.emit;
  ctx.emit = (e) => {
    seen.push({ kind, event: e });
    emit(e);
  };
  return ctx;
}

const stepsOf = (events: BuildEvent[]) =>
  events.flatMap((e) => (e.type === 'step' && e.status === 'running' ? [e.step] : []));

describe('the step table', () => {
  it('orders a Windows build with a driver download in words, nothing after the template', async () => {
    const cluster = {
      ...env.cluster,
      virtio: { url: files.url('/stable/virtio-win.iso'), sha256: files.sha256 },
    };
    const engine = createBuilderEngine(cluster, { isoCacheTtlMs: 0 });
    const ctx = recorded('build');
    const req = buildRequestSchema.parse({
      vm_name: 'steps-win',
      os_type: 'windows11',
      iso_file: 'local:iso/Win11_24H2_English_x64.iso',
      storage: 'local-lvm',
      convert_to_template: true,
    });
    await engine.jobs.build.run(req, ctx);
    const order = [...new Set(stepsOf(ctx.events))];
    expect(order).toEqual([
      'resolve-iso',
      'place',
      'virtio-drivers',
      'allocate-vmid',
      'create',
      'attach-virtio',
      'convert-template',
    ]);
    const names = STEP_TABLE.map((s) => s.name as string);
    const ranks = order.map((n) => names.indexOf(n));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it('tags bulk items with their VM name instead of renaming the step', async () => {
    const ctx = recorded('bulk');
    const req = bulkBuildRequestSchema.parse({
      os_type: 'debian',
      iso_file: 'local:iso/debian-12.0.0-amd64-netinst.iso',
      storage: 'local-lvm',
      count: 2,
      name_pattern: 'steps-{n}',
      convert_to_template: true,
    });
    const out = await env.engine.jobs.bulk.run(req, ctx);
    expect(out.items.every((i) => i.ok)).toBe(true);
    const items = new Set(ctx.events.flatMap((e) => (e.type === 'step' && e.item ? [e.item] : [])));
    expect([...items].sort()).toEqual(['steps-1', 'steps-2']);
    await env.engine.jobs.bulk.reconcile(req, recorded('bulk'));
  });

  it('knows the finalise and clean-up steps', async () => {
    await env.control.fault({
      method: 'POST',
      path: '/nodes/*/qemu/*/template',
      count: 1,
      effect: { type: 'task-error', message: 'lvrename failed: device busy' },
    });
    const req = buildRequestSchema.parse({
      vm_name: 'steps-fail',
      iso_file: 'local:iso/debian-12.0.0-amd64-netinst.iso',
      storage: 'local-lvm',
      convert_to_template: true,
    });
    await expect(env.engine.jobs.build.run(req, recorded('build'))).rejects.toThrow();
    const built = await env.engine.jobs.build.run(
      { ...req, vm_name: 'steps-fin', convert_to_template: false },
      recorded('build'),
    );
    const fin = finaliseTemplateRequestSchema.parse({ vmid: built.vmid, eject_media: true });
    await env.engine.jobs.finalise.run(fin, recorded('finalise'));
    await env.engine.jobs.finalise.reconcile(fin, recorded('finalise'));
    expect(seen.some(({ event }) => event.type === 'step' && event.step === 'cleanup')).toBe(true);
  });

  it('records a class deployment (started, one clone failing) and its reconcile', async () => {
    await env.control.fault({
      method: 'POST',
      path: '/nodes/*/qemu/*/clone',
      count: 1,
      effect: { type: 'task-error', message: 'disk copy failed' },
    });
    const req = {
      template_vmid: 9000,
      class_name: 'steps',
      count: 2,
      name_pattern: 'steps-c{n}',
      start: true,
    };
    const out = await env.engine.jobs.deploy.run(req, recorded('deploy'));
    expect(out.items.map((i) => i.status).sort()).toEqual(['failed', 'ok']);
    await env.engine.jobs.deploy.reconcile(req, recorded('deploy'));
  });

  it('contains every step name the engine emitted, for the kinds that emitted it', () => {
    const unknown = seen.flatMap(({ kind, event }) => {
      if (event.type !== 'step' && event.type !== 'log' && event.type !== 'progress') return [];
      const entry = STEP_TABLE.find((s) => s.name === event.step);
      const kinds: readonly string[] = entry?.kinds ?? [];
      return kinds.includes(kind) ? [] : [`${kind}: ${event.type} ${String(event.step)}`];
    });
    expect(seen.length).toBeGreaterThan(30);
    expect(unknown).toEqual([]);
  });
});
