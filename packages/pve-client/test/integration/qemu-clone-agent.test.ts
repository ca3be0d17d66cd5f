import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetch } from 'undici';
import type { RunningSimulator } from '@labforge/pve-sim';
import { checkRequest, loadOfficialApi, officialSchemaPath } from '@labforge/pve-sim/conformance';
import {
  PveHttpError,
  PveTaskError,
  isConfigLockTimeout,
  isLockTimeout,
  isStorageLockTimeout,
  parseUpid,
  vmLockOf,
  type PveClient,
} from '../../src/index.js';
import { clientFor, startSim, type SimControl } from './harness.js';

let sim: RunningSimulator;
let control: SimControl;
let client: PveClient;

beforeAll(async () => {
  ({ sim, control } = await startSim({ taskSpeed: 500 }));
  client = clientFor(sim);
});
afterAll(async () => {
  await client.close();
  await sim.close();
});
beforeEach(async () => {
  await control.reset();
  await control.clearRequests();
});

const simPost = async (path: string, body: unknown): Promise<void> => {
  const res = await fetch(`${sim.url}${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
};

async function bootedClone(newid: number): Promise<void> {
  await client.tasks.wait(await client.qemu.clone('pve1', 9000, { newid, name: `lab-${newid}` }));
  await simPost(`/_sim/vms/${newid}/guest`, { agentDelayMs: 0 });
  await client.tasks.wait(await client.qemu.start('pve1', newid));
}

describe('qemu.clone', () => {
  it('linked clone of the template: a qmclone task of the source, sent once as a form', async () => {
    const upid = await client.qemu.clone('pve1', 9000, { newid: 300, name: 'lab-01', full: false });
    expect(parseUpid(upid)).toMatchObject({ node: 'pve1', type: 'qmclone', id: '9000' });
    await expect(client.tasks.wait(upid)).resolves.toMatchObject({ ok: true });
    expect(await client.qemu.config('pve1', 300)).toMatchObject({
      name: 'lab-01',
      scsi0: 'local-lvm:vm-300-disk-0,iothread=1,size=32G',
    });
    const posts = await control.requests({ method: 'POST', path: '/nodes/pve1/qemu/9000/clone' });
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ encoding: 'form', params: { newid: '300', full: '0' } });
  });

  it('is never retried, even on a 503', async () => {
    await control.addFault({
      method: 'POST',
      path: '/nodes/pve1/qemu/9000/clone',
      count: 1,
      effect: { type: 'status', status: 503, reason: 'Service Unavailable' },
    });
    await expect(client.qemu.clone('pve1', 9000, { newid: 301 })).rejects.toMatchObject({
      status: 503,
    });
    expect(
      await control.requests({ method: 'POST', path: '/nodes/pve1/qemu/9000/clone' }),
    ).toHaveLength(1);
  });

  it('PVE refusals arrive as PveHttpError with its text', async () => {
    const err = await client.qemu
      .clone('pve1', 9000, { newid: 302, target: 'pve2' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PveHttpError);
    expect((err as PveHttpError).reason).toBe(
      "can't clone VM to node 'pve2' (VM uses local storage)",
    );
  });

  it('storage lock timeouts are recognised by the predicates', async () => {
    // Held for 10 simulated minutes (1.2 s real at this speed) against the clone's 10 s wait, so
    // the clone times out even when a loaded machine starts its worker late.
    await control.addFault({
      method: 'POST',
      path: '/nodes/pve1/qemu/9000/clone',
      count: 1,
      effect: { type: 'storage-lock', storage: 'local-lvm', ms: 600_000 },
    });
    const err = await client.tasks
      .wait(await client.qemu.clone('pve1', 9000, { newid: 303 }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PveTaskError);
    expect((err as PveTaskError).exitstatus).toBe(
      "clone failed: can't lock file '/var/lock/pve-manager/pve-storage-local-lvm' - got timeout",
    );
    expect([isLockTimeout(err), isStorageLockTimeout(err), isConfigLockTimeout(err)]).toEqual([
      true,
      true,
      false,
    ]);
  });
});

describe('lock predicates on PVE texts', () => {
  const task = (exitstatus: string) =>
    new PveTaskError({ upid: 'UPID:x', node: 'pve1', type: 'qmclone', exitstatus });
  it('config, storage flock and cfs texts', () => {
    const cfg = task("can't lock file '/var/lock/qemu-server/lock-101.conf' - got timeout");
    const cfs = task("clone failed: cfs-lock 'storage-nfs' error: got lock request timeout");
    expect([isConfigLockTimeout(cfg), isStorageLockTimeout(cfg), isLockTimeout(cfg)]).toEqual([
      true,
      false,
      true,
    ]);
    expect([isConfigLockTimeout(cfs), isStorageLockTimeout(cfs), isLockTimeout(cfs)]).toEqual([
      false,
      true,
      true,
    ]);
    expect(isLockTimeout(task('clone failed: Linked clone feature is not supported'))).toBe(false);
    expect(isLockTimeout(new Error('boom'))).toBe(false);
    expect(vmLockOf(new PveHttpError({ status: 500, reason: 'VM is locked (clone)' }))).toBe(
      'clone',
    );
  });
});

describe('agent', () => {
  it('ping, osinfo and an exec round trip with input-data', async () => {
    await bootedClone(310);
    await expect(client.agent.ping('pve1', 310)).resolves.toBeUndefined();
    expect(await client.agent.osinfo('pve1', 310)).toMatchObject({ id: 'ubuntu' });
    const { pid } = await client.agent.exec('pve1', 310, ['/bin/sh', '-s'], {
      inputData: 'echo "vm $1"\nhostname\necho warn >&2\nexit 4\n',
    });
    let status = await client.agent.execStatus('pve1', 310, pid);
    for (let i = 0; !status.exited && i < 200; i++) {
      await new Promise((r) => setTimeout(r, 10));
      status = await client.agent.execStatus('pve1', 310, pid);
    }
    expect(status).toEqual({
      exited: true,
      exitcode: 4,
      'out-data': 'vm \nlab-310\n',
      'err-data': 'warn\n',
    });
    const [exec] = await control.requests({
      method: 'POST',
      path: '/nodes/pve1/qemu/310/agent/exec',
    });
    expect(exec?.params.command).toEqual(['/bin/sh', '-s']);
  });

  it('errors: agent not running, not configured', async () => {
    await bootedClone(311);
    await simPost('/_sim/vms/311/guest', { installed: false });
    await expect(client.agent.ping('pve1', 311)).rejects.toMatchObject({
      status: 500,
      reason: 'QEMU guest agent is not running',
    });
    await expect(client.agent.exec('pve1', 100, ['hostname'])).rejects.toMatchObject({
      reason: 'No QEMU guest agent configured',
    });
  });
});

const schemaPath = officialSchemaPath();
describe.skipIf(!schemaPath)('requests agree with the official schema', () => {
  it('clone and agent calls', async () => {
    const official = loadOfficialApi(schemaPath) ?? [];
    await bootedClone(320);
    await client.qemu.clone('pve1', 9000, {
      newid: 321,
      full: true,
      storage: 'local-lvm',
      format: 'raw',
      description: 'd',
      bwlimit: 0,
    });
    await client.agent.ping('pve1', 320);
    await client.agent.osinfo('pve1', 320);
    const { pid } = await client.agent.exec('pve1', 320, ['echo', 'x'], { inputData: '' });
    await client.agent.execStatus('pve1', 320, pid);
    const reqs = await control.requests({ path: /\/(clone|agent\/)/ });
    expect(reqs.length).toBeGreaterThanOrEqual(6);
    for (const r of reqs)
      expect(
        checkRequest(official, {
          method: r.method as 'GET',
          path: r.path,
          params: r.params,
          encoding: r.encoding,
        }),
      ).toEqual({ ok: true });
  });
});
