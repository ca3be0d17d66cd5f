import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../src/index.js';
import { CLONE_PASSWORD, cloneSeed } from './clone-seed.js';
import { type Auth, builder, call, login, start, waitTask } from './helpers.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await start({ seed: cloneSeed() });
});
afterAll(() => sim.close());
beforeEach(async () => {
  await call(sim, 'POST', '/_sim/reset');
});

const agent = (vmid: number, cmd: string, opts: Parameters<typeof call>[3] = {}, node = 'pve1') =>
  call(
    sim,
    cmd === 'exec-status' || cmd === 'get-osinfo' ? 'GET' : 'POST',
    `/nodes/${node}/qemu/${vmid}/agent/${cmd}`,
    {
      auth: builder,
      ...opts,
    },
  );

/** A running linked clone of the template (guest agent installed), agent answering at once. */
async function bootedClone(newid: number, name = 'lab-01'): Promise<void> {
  const res = await call(sim, 'POST', '/nodes/pve1/qemu/9000/clone', {
    auth: builder,
    form: { newid, name },
  });
  expect((await waitTask(sim, builder, res.body.data)).exitstatus).toBe('OK');
  await call(sim, 'POST', `/_sim/vms/${newid}/guest`, { json: { agentDelayMs: 0 } });
  const st = await call(sim, 'POST', `/nodes/pve1/qemu/${newid}/status/start`, { auth: builder });
  expect((await waitTask(sim, builder, st.body.data)).exitstatus).toBe('OK');
}

/** Runs a command through exec + exec-status until it exits. */
async function run(vmid: number, command: string[], input?: string) {
  const res = await agent(vmid, 'exec', {
    json: { command, ...(input === undefined ? {} : { 'input-data': input }) },
  });
  expect(res.status).toBe(200);
  const pid = res.body.data.pid as number;
  for (let i = 0; i < 500; i++) {
    const st = await agent(vmid, 'exec-status', { query: { pid } });
    expect(st.status).toBe(200);
    if (st.body.data.exited === 1) return { pid, ...st.body.data };
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('process did not exit');
}

describe('guest agent availability', () => {
  it('clones inherit the template guest; the agent answers once the VM runs and booted', async () => {
    expect((await call(sim, 'GET', '/_sim/vms/9000/guest')).body).toMatchObject({
      installed: true,
      os: 'linux',
    });
    const res = await call(sim, 'POST', '/nodes/pve1/qemu/9000/clone', {
      auth: builder,
      form: { newid: 200 },
    });
    await waitTask(sim, builder, res.body.data);
    expect((await call(sim, 'GET', '/_sim/vms/200/guest')).body).toMatchObject({
      installed: true,
      os: 'linux',
    });
    const stopped = await agent(200, 'ping');
    expect([stopped.status, stopped.body.message]).toEqual([500, 'VM 200 is not running\n']);
    // Booting takes agentDelayMs (simulated); a huge delay = an agent that never answers.
    await call(sim, 'POST', '/_sim/vms/200/guest', { json: { agentDelayMs: 1e12 } });
    const st = await call(sim, 'POST', '/nodes/pve1/qemu/200/status/start', { auth: builder });
    await waitTask(sim, builder, st.body.data);
    const booting = await agent(200, 'ping');
    expect([booting.status, booting.reason]).toEqual([500, 'QEMU guest agent is not running']);
    await call(sim, 'POST', '/_sim/vms/200/guest', { json: { agentDelayMs: 0 } });
    expect((await agent(200, 'ping')).body).toEqual({ data: { result: {} } });
    expect((await agent(200, 'get-osinfo')).body.data.result).toMatchObject({
      id: 'ubuntu',
      'version-id': '22.04',
      machine: 'x86_64',
    });
  });

  it("a clone's disk boots the template's installed OS, which answers the ACPI power button", async () => {
    await bootedClone(150);
    for (let i = 0; i < 200; i++) {
      if ((await call(sim, 'GET', '/_sim/vms/150/console')).body.state === 'os') break;
      await new Promise((r) => setTimeout(r, 10));
    }
    expect((await call(sim, 'GET', '/_sim/vms/150/console')).body.state).toBe('os');
    const down = await call(sim, 'POST', '/nodes/pve1/qemu/150/status/shutdown', {
      auth: builder,
      form: { timeout: 30 },
    });
    expect((await waitTask(sim, builder, down.body.data)).exitstatus).toBe('OK');
  });

  it('no agent key -> not configured; agent not installed -> never running', async () => {
    const none = await agent(100, 'ping');
    expect(none.body.message).toBe('No QEMU guest agent configured\n');
    await bootedClone(201);
    await call(sim, 'POST', '/_sim/vms/201/guest', { json: { installed: false } });
    expect((await agent(201, 'exec', { json: { command: ['hostname'] } })).body.message).toBe(
      'QEMU guest agent is not running\n',
    );
    const missing = await agent(555, 'ping');
    expect(missing.body.message).toBe(
      "Configuration file 'nodes/pve1/qemu-server/555.conf' does not exist\n",
    );
  });

  it('control plane validates guest bodies', async () => {
    const bad = await call(sim, 'POST', '/_sim/vms/9000/guest', { json: { os: 'beos' } });
    expect(bad.status).toBe(400);
    expect((await call(sim, 'POST', '/_sim/vms/4242/guest', { json: {} })).status).toBe(404);
  });
});

describe('exec and exec-status', () => {
  it('runs a shell script passed as input-data and reports exit code, stdout and stderr once', async () => {
    await bootedClone(210, 'lab-07');
    const script =
      'set -e\n# comment\nNAME=world\necho "hello $NAME"\nhostname\necho oops >&2\nexit 3\necho never';
    const r = await run(210, ['/bin/bash', '-s'], script);
    expect(r).toEqual({
      pid: r.pid,
      exited: 1,
      exitcode: 3,
      'out-data': 'hello world\nlab-07\n',
      'err-data': 'oops\n',
    });
    const again = await agent(210, 'exec-status', { query: { pid: r.pid } });
    expect([again.status, again.body.message]).toEqual([
      500,
      "Agent error: Invalid parameter 'pid'\n",
    ]);
  });

  it('sh -c, unknown commands, set -e, && and ||, programs run directly', async () => {
    await bootedClone(211);
    expect(
      await run(211, ['/bin/sh', '-c', 'true && echo a || echo b; false || echo c']),
    ).toMatchObject({ exitcode: 0, 'out-data': 'a\nc\n' });
    expect(await run(211, ['sh', '-c', 'frobnicate --now'])).toMatchObject({
      exitcode: 127,
      'err-data': 'sh: 1: frobnicate: not found\n',
    });
    expect(await run(211, ['bash', '-c', 'set -e; false; echo no'])).toMatchObject({ exitcode: 1 });
    const direct = await run(211, ['echo', 'plain']);
    expect(direct).toMatchObject({ exitcode: 0, 'out-data': 'plain\n' });
    expect(direct['err-data']).toBeUndefined();
    expect(await run(211, ['cat'], 'piped')).toMatchObject({ 'out-data': 'piped' });
    const none = await agent(211, 'exec', {
      json: { command: ['/usr/bin/python3', '-c', 'print(1)'] },
    });
    expect(none.status).toBe(500);
    expect(none.body.message).toBe(
      "Agent error: Guest agent command failed, error was 'Failed to execute child process \u201c/usr/bin/python3\u201d (No such file or directory)'\n",
    );
  });

  it('sleep keeps the process running; stopping the VM loses it', async () => {
    await bootedClone(212);
    const res = await agent(212, 'exec', {
      form: { command: '/bin/sh', 'input-data': 'sleep 3600\necho late' },
    });
    const pid = res.body.data.pid;
    expect((await agent(212, 'exec-status', { query: { pid } })).body.data).toEqual({ exited: 0 });
    const stop = await call(sim, 'POST', '/nodes/pve1/qemu/212/status/stop', { auth: builder });
    await waitTask(sim, builder, stop.body.data);
    expect((await agent(212, 'exec-status', { query: { pid } })).body.message).toBe(
      'VM 212 is not running\n',
    );
  });

  it('caps output like QGA and flags the truncation', async () => {
    await bootedClone(213);
    await call(sim, 'POST', '/_sim/vms/213/guest', { json: { maxOutputBytes: 4 } });
    expect(await run(213, ['/bin/sh', '-c', 'echo hello'])).toMatchObject({
      'out-data': 'hell',
      'out-truncated': 1,
    });
  });

  it('Windows guests run PowerShell from input-data', async () => {
    await bootedClone(214, 'win-lab-01');
    await call(sim, 'POST', '/_sim/vms/214/guest', { json: { os: 'windows', agentDelayMs: 0 } });
    expect((await agent(214, 'get-osinfo')).body.data.result.id).toBe('mswindows');
    const ps = await run(
      214,
      ['powershell.exe', '-NoProfile', '-NonInteractive', '-Command', '-'],
      "Write-Output 'hi there'\nhostname; Write-Output $env:COMPUTERNAME\nWrite-Error 'bad thing'\nexit 2",
    );
    expect(ps).toMatchObject({
      exitcode: 2,
      'out-data': 'hi there\r\nwin-lab-01\r\nWIN-LAB-01\r\n',
      'err-data': 'bad thing\r\n',
    });
    const unknown = await run(214, ['powershell', '-Command', 'Get-Frobnicator']);
    expect(unknown.exitcode).toBe(1);
    expect(unknown['err-data']).toMatch(
      /^Get-Frobnicator : The term 'Get-Frobnicator' is not recognized/,
    );
    expect(
      (await agent(214, 'exec', { json: { command: ['/bin/sh', '-c', 'echo'] } })).status,
    ).toBe(500);
  });

  it('PowerShell sets $env: variables and expands ${env:NAME}, backtick escapes taken literally', async () => {
    await bootedClone(216, 'win-lab-02');
    await call(sim, 'POST', '/_sim/vms/216/guest', { json: { os: 'windows', agentDelayMs: 0 } });
    const ps = await run(
      216,
      ['powershell.exe', '-NoProfile', '-NonInteractive', '-Command', '-'],
      '$env:LAB_NAME = \'lab-07\'; $env:LAB_N = \'7\'\nWrite-Output "host ${env:LAB_NAME}x" $env:LAB_N\nWrite-Output "cost `$env:LAB_N"\n${env:LAB_NAME}',
    );
    expect(ps).toMatchObject({
      exitcode: 0,
      'out-data': 'host lab-07x 7\r\ncost $env:LAB_N\r\nlab-07\r\n',
    });
  });

  it('needs command or input-data', async () => {
    await bootedClone(215);
    const res = await agent(215, 'exec', { json: { command: [] } });
    expect(res.body.message).toBe('command or input-data (or both) required\n');
    const bad = await agent(215, 'exec', { json: { command: 'x', extra: 1 } });
    expect(bad.status).toBe(400);
  });
});

describe('PVE 9 guest agent privileges', () => {
  const as = async (user: string): Promise<Auth> => login(sim, user, CLONE_PASSWORD);

  it('Audit may ping and read osinfo, only Unrestricted may exec', async () => {
    await bootedClone(220);
    const viewer = await as('viewer@pve');
    expect((await agent(220, 'ping', { auth: viewer })).status).toBe(200);
    expect((await agent(220, 'get-osinfo', { auth: viewer })).status).toBe(200);
    const vmuser = await as('vmuser@pve');
    const exec = await agent(220, 'exec', { auth: vmuser, json: { command: ['hostname'] } });
    expect([exec.status, exec.body.message]).toEqual([
      403,
      'Permission check failed (/vms/220, VM.GuestAgent.Unrestricted)\n',
    ]);
    const status = await agent(220, 'exec-status', { auth: vmuser, query: { pid: 1 } });
    expect(status.status).toBe(403);
    const nobody = await agent(220, 'ping', { auth: await as('nobody@pve') });
    expect(nobody.body.message).toBe(
      'Permission check failed (/vms/220, VM.GuestAgent.Audit|VM.GuestAgent.Unrestricted)\n',
    );
  });
});
