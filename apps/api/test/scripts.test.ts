import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/auth/password.js';
import { scriptFor, resolveScriptChoice } from '../src/scripts/resolve.js';
import { startHarness, testSeed, type Caller, type Harness } from './helpers/harness.js';
import { journal, simControl } from './helpers/sim-control.js';

/** VMs 100, 101 and 102 run with the guest agent enabled and installed (answering at once). */
function agentSeed() {
  const seed = structuredClone(testSeed());
  for (const vm of seed.vms ?? []) {
    if (vm.vmid === 100 || vm.vmid === 101) {
      vm.config = { ...vm.config, agent: '1' };
      vm.guest = { installed: true, os: 'linux', agentDelayMs: 0 };
      vm.running = true;
    }
  }
  const web = seed.vms?.find((v) => v.vmid === 100);
  if (web)
    seed.vms?.push({
      ...structuredClone(web),
      vmid: 102,
      name: 'web-02',
      guest: { installed: true, os: 'linux', agentDelayMs: 0 },
    });
  return seed;
}

const BODY_MARK = 'secret-looking-body-marker-7731';
const script = (extra: Record<string, unknown> = {}) => ({
  name: 'Say hello',
  language: 'shell',
  description: 'prints the VM name',
  body: `echo hello {name} {index}\n: ${BODY_MARK}`,
  timeout_s: 60,
  ...extra,
});

describe('post-deployment scripts', () => {
  let h: Harness;
  let other: Caller;
  beforeAll(async () => {
    h = await startHarness({ seed: agentSeed(), cluster: { script_agent_wait_s: 2 } });
    h.ctx.users.create({
      username: 'other-teacher',
      role: 'teacher',
      passwordHash: await hashPassword('other-teacher-pw-1', 12),
    });
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'other-teacher', password: 'other-teacher-pw-1' },
    });
    other = {
      role: 'teacher',
      cookie: String(res.headers['set-cookie']).split(';')[0]!,
      csrf: res.json().csrf_token as string,
    };
    const teacher = h.ctx.users.byUsername('teacher')!;
    for (const vmid of [100, 101, 102])
      h.ctx.vmOwners.assign('classroom', vmid, teacher.id, 'admin');
  });
  afterAll(() => h?.close());

  const create = async (who: Caller, extra: Record<string, unknown> = {}) => {
    const res = await h.call(who, { method: 'POST', url: '/api/scripts', payload: script(extra) });
    expect(res.statusCode).toBe(200);
    return res.json().script as { id: string; owner: string; name: string };
  };

  it('teachers keep their own scripts; admins see and change all; students none', async () => {
    const mine = await create(h.callers.teacher);
    expect(mine).toMatchObject({ owner: 'teacher', name: 'Say hello' });
    expect(mine.id).toMatch(/^[a-z0-9]{32}$/);
    const theirs = await create(other, { name: 'Other’s script', language: 'powershell' });

    const list = async (who: Caller) =>
      (await h.call(who, { method: 'GET', url: '/api/scripts' })).json().scripts as Array<{
        id: string;
      }>;
    expect((await list(h.callers.teacher)).map((s) => s.id)).toEqual([mine.id]);
    const all = (await list(h.callers.admin)).map((s) => s.id);
    expect(all).toEqual(expect.arrayContaining([mine.id, theirs.id]));
    expect(
      (await h.call(h.callers.student, { method: 'GET', url: '/api/scripts' })).statusCode,
    ).toBe(403);

    const url = `/api/scripts/${theirs.id}`;
    expect((await h.call(h.callers.teacher, { method: 'GET', url })).statusCode).toBe(403);
    const put = await h.call(h.callers.teacher, { method: 'PUT', url, payload: script() });
    expect(put.statusCode).toBe(403);
    expect(put.json().error).toBe('you cannot change this script: it belongs to another teacher');
    expect((await h.call(h.callers.teacher, { method: 'DELETE', url })).statusCode).toBe(403);
    expect(
      (
        await h.call(h.callers.teacher, {
          method: 'POST',
          url: `${url}/run`,
          payload: { vmids: [100] },
        })
      ).statusCode,
    ).toBe(403);

    const edited = await h.call(h.callers.admin, {
      method: 'PUT',
      url,
      payload: script({ name: 'Renamed by admin', timeout_s: 120 }),
    });
    expect(edited.json().script).toMatchObject({
      name: 'Renamed by admin',
      owner: 'other-teacher',
      timeout_s: 120,
    });
    expect((await h.call(other, { method: 'DELETE', url })).json()).toEqual({
      ok: true,
      id: theirs.id,
    });
    expect((await h.call(other, { method: 'GET', url })).statusCode).toBe(404);
    const missing = await h.call(h.callers.teacher, {
      method: 'GET',
      url: '/api/scripts/abcdef123456',
    });
    expect(missing.statusCode).toBe(404);

    const bad = await h.call(h.callers.teacher, {
      method: 'POST',
      url: '/api/scripts',
      payload: script({ language: 'python', timeout_s: 2 }),
    });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toMatch(/language must be one of shell, powershell/);

    const audit = (
      await h.call(h.callers.admin, { method: 'GET', url: '/api/admin/audit?page_size=200' })
    ).json().entries as Array<{ actor: string; action: string }>;
    const actions = audit.map((a) => `${a.actor} ${a.action}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'teacher script-create',
        'admin script-update',
        'other-teacher script-delete',
        'teacher script-access-refused',
      ]),
    );
    expect(JSON.stringify(audit)).not.toContain(BODY_MARK);
  });

  it('resolveScriptChoice: the script as the engine runs it, 404 unknown, 403 another teacher’s', async () => {
    const mine = await create(h.callers.teacher, { timeout_s: 90 });
    const theirs = await create(other);
    const reqAs = (who: 'teacher' | 'other-teacher') =>
      ({ auth: { user: h.ctx.users.byUsername(who)! } }) as unknown as Parameters<
        typeof resolveScriptChoice
      >[1];
    expect(resolveScriptChoice(h.ctx, reqAs('teacher'), { script_id: mine.id })).toEqual({
      id: mine.id,
      name: 'Say hello',
      language: 'shell',
      body: script().body,
      timeout_s: 90,
    });
    expect(
      resolveScriptChoice(h.ctx, reqAs('teacher'), { script_id: mine.id, timeout_s: 30 }).timeout_s,
    ).toBe(30);
    expect(() => resolveScriptChoice(h.ctx, reqAs('teacher'), { script_id: theirs.id })).toThrow(
      /belongs to another teacher/,
    );
    expect(() => scriptFor(h.ctx, reqAs('teacher'), 'nosuchscript', 'run')).toThrow(
      /script not found/,
    );
  });

  it('runs on 3 VMs: the one whose agent never answers is reported, the others succeed', async () => {
    const mine = await create(h.callers.teacher);
    await simControl(h.sim, 'POST', '/_sim/vms/101/guest', { installed: false });
    const refused = await h.call(h.callers.teacher, {
      method: 'POST',
      url: `/api/scripts/${mine.id}/run`,
      payload: { vmids: [100, 9000] },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatch(/you cannot run a script on this VM: VM 9000/);

    const res = await h.call(h.callers.teacher, {
      method: 'POST',
      url: `/api/scripts/${mine.id}/run`,
      payload: { vmids: [100, 101, 102] },
    });
    expect(res.statusCode).toBe(200);
    const out = res.json() as {
      ok: boolean;
      succeeded: number;
      failed: number;
      items: Array<{ vmid: number; result: { status: string; stdout: string; message?: string } }>;
    };
    expect(out).toMatchObject({ ok: false, succeeded: 2, failed: 1 });
    const by = new Map(out.items.map((i) => [i.vmid, i.result]));
    expect(by.get(100)).toMatchObject({ status: 'ok', stdout: 'hello web-01 1\n' });
    expect(by.get(102)).toMatchObject({ status: 'ok', stdout: 'hello web-02 3\n' });
    expect(by.get(101)?.status).toBe('agent-unreachable');
    expect(by.get(101)?.message).toMatch(/did not answer within 2 s/);

    const job = h.ctx.jobs
      .list({ page: 1, pageSize: 20 })
      .jobs.find((j) => j.kind === 'run-script');
    expect(job?.status).toBe('failed');
    const rows = job?.steps.filter((s) => s.name === 'run-script').map((s) => [s.item, s.status]);
    expect(rows).toEqual(
      expect.arrayContaining([
        ['web-01 (VM 100)', 'done'],
        ['db-01 (VM 101)', 'failed'],
        ['web-02 (VM 102)', 'done'],
      ]),
    );
    expect(h.logs.join('\n')).not.toContain(BODY_MARK);
  });

  it('after a restart: a finished VM is not run again, an unsent exec is reported unknown, the rest run', async () => {
    const mine = await create(h.callers.teacher);
    await simControl(h.sim, 'POST', '/_sim/vms/101/guest', { installed: true });
    const request = {
      script: {
        id: mine.id,
        name: 'Say hello',
        language: 'shell' as const,
        body: script().body,
        timeout_s: 60,
      },
      vmids: [100, 101, 102],
      start_if_stopped: true,
    };
    const earlier = {
      script_id: mine.id,
      script_name: 'Say hello',
      status: 'ok' as const,
      exit_code: 0,
      stdout: 'ran before the restart\n',
      stderr: '',
      truncated: false,
      started_at: new Date().toISOString(),
      finished_at: new Date().toISOString(),
    };
    const base = {
      id: 'running-script',
      kind: 'run-script' as const,
      status: 'running' as const,
      cluster_id: 'classroom',
      created_by: 'teacher',
      created_at: new Date().toISOString(),
      steps: [],
      warnings: [],
      request,
    };
    h.ctx.jobs.insert(base);
    h.ctx.jobs.save({
      ...base,
      checkpoint: {
        step: 'run-script',
        runs: {
          '100': {
            state: 'done',
            item: { vmid: 100, name: 'web-01', node: 'pve1', result: earlier },
          },
          '101': { state: 'sending', node: 'pve2', name: 'db-01' },
        },
      },
    });
    const execsBefore = [await execCount(100), await execCount(101)];
    await h.restart();
    const job = (await h.ctx.runner.wait('running-script')).job;
    expect(job.kind).toBe('run-script');
    const result = job.result as {
      items: Array<{ vmid: number; result: { status: string; stdout: string; message?: string } }>;
    };
    const by = new Map(result.items.map((i) => [i.vmid, i.result]));
    expect(by.get(100)).toEqual(earlier);
    expect(by.get(101)?.status).toBe('error');
    expect(by.get(101)?.message).toMatch(/whether it ran is unknown, so it was not run again/);
    expect(by.get(102)).toMatchObject({ status: 'ok', stdout: 'hello web-02 3\n' });
    expect([await execCount(100), await execCount(101)]).toEqual(execsBefore);
    expect(job.warnings.join(' ')).toMatch(/reported as unknown rather than run twice/);
  });

  async function execCount(vmid: number): Promise<number> {
    return (await journal(h.sim)).filter((e) => e.path.endsWith(`/qemu/${vmid}/agent/exec`)).length;
  }
});
