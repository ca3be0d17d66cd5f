import type { ScriptLanguage } from '@labforge/contracts';
import { beforeEach, describe, expect, it } from 'vitest';
import type { EngineEnv } from '../src/env.js';
import { runScriptOnVm, type ScriptToRun } from '../src/scripts/run-on-vm.js';
import { agentSeed } from './support/seeds.js';
import { useSimEnv } from './support/sim-env.js';

const simEnv = useSimEnv({ seed: agentSeed });

/** runScriptOnVm reads only the client and the clock of the engine's environment. */
const env = (): EngineEnv => {
  const { client } = simEnv();
  return { client, now: Date.now } as Pick<EngineEnv, 'client' | 'now'> as EngineEnv;
};

const script = (body: string, language: ScriptLanguage = 'shell', timeout_s = 30): ScriptToRun => ({
  id: 'scr001',
  name: 'test script',
  language,
  body,
  timeout_s,
});

const opts = (extra: Partial<Parameters<typeof runScriptOnVm>[4]> = {}) => ({
  signal: new AbortController().signal,
  startIfStopped: true,
  agentWaitMs: 2_000,
  ...extra,
});

const at = (vmid: number, node = 'pve1') => ({ node, vmid });
const vars = (name: string, vmid = 100, index = 3) => ({ name, index, vmid });

type Entry = { seq: number; method: string; path: string };
let since = 0;
beforeEach(async () => {
  const all = await simEnv().control.call<Entry[]>('GET', '/_sim/requests');
  since = all.at(-1)?.seq ?? 0;
});

/** This test's requests to paths matching `path`. */
async function journal(path: RegExp): Promise<Entry[]> {
  const all = await simEnv().control.call<Entry[]>('GET', `/_sim/requests?since=${since}`);
  return all.filter((e) => path.test(e.path));
}

describe('runScriptOnVm', () => {
  it('runs a shell script: exit 0 is ok, stdout kept, the script named', async () => {
    const r = await runScriptOnVm(
      env(),
      at(100),
      script('echo hello {name}\nhostname'),
      vars('web-01'),
      opts(),
    );
    expect(r).toMatchObject({
      script_id: 'scr001',
      script_name: 'test script',
      status: 'ok',
      exit_code: 0,
      stdout: 'hello web-01\nweb-01\n',
      stderr: '',
      truncated: false,
    });
    expect(Date.parse(r.finished_at)).toBeGreaterThanOrEqual(Date.parse(r.started_at));
  });

  it('a non-zero exit code is failed, with stderr', async () => {
    const r = await runScriptOnVm(
      env(),
      at(100),
      script('echo working\necho oops >&2\nexit 3'),
      vars('web-01'),
      opts(),
    );
    expect(r).toMatchObject({
      status: 'failed',
      exit_code: 3,
      stdout: 'working\n',
      stderr: 'oops\n',
    });
  });

  it('a script still running at its timeout is timed-out, and says it may still run', async () => {
    const r = await runScriptOnVm(
      env(),
      at(100),
      script('sleep 1000000', 'shell', 1),
      vars('web-01'),
      opts(),
    );
    expect(r.status).toBe('timed-out');
    expect(r.message).toMatch(/still running after 1 s.*may still be running in the guest/);
  });

  it('an agent that never answers ends the wait as agent-unreachable', async () => {
    await simEnv().control.call('POST', '/_sim/vms/100/guest', { installed: false });
    const r = await runScriptOnVm(env(), at(100), script('true'), vars('web-01'), opts());
    expect(r.status).toBe('agent-unreachable');
    expect(r.message).toMatch(/did not answer within 2 s.*QEMU guest agent is not running/);
    expect((await journal(/agent\/exec/)).length).toBe(0);
    expect((await journal(/agent\/ping/)).length).toBeGreaterThan(1);
  });

  it('no agent configured ends the wait at once, in words about the template', async () => {
    const r = await runScriptOnVm(
      env(),
      at(102),
      script('true'),
      vars('noagent-01', 102),
      opts({ agentWaitMs: 60_000 }),
    );
    expect(r.status).toBe('agent-unreachable');
    expect(r.message).toMatch(/no QEMU guest agent enabled \(its template was made without it\)/);
    expect((await journal(/\/102\/agent\/ping/)).length).toBe(1);
  });

  it('starts a stopped VM first when allowed, and refuses to when not', async () => {
    const refused = await runScriptOnVm(
      env(),
      at(101, 'pve2'),
      script('echo up'),
      vars('db-01', 101),
      opts({ startIfStopped: false }),
    );
    expect(refused).toMatchObject({ status: 'error' });
    expect(refused.message).toMatch(/stopped/);
    const details: string[] = [];
    const r = await runScriptOnVm(
      env(),
      at(101, 'pve2'),
      script('echo up'),
      vars('db-01', 101),
      opts({ onProgress: (d) => details.push(d) }),
    );
    expect(r).toMatchObject({ status: 'ok', stdout: 'up\n' });
    expect(details.slice(0, 3)).toEqual([
      'Starting the VM',
      'Waiting for the guest agent',
      'Running the script',
    ]);
    expect((await simEnv().client.qemu.status('pve2', 101)).status).toBe('running');
  });

  it('caps each stream at 64 KiB at a character boundary and flags the cut (and the agent’s)', async () => {
    // 33 000 two-byte characters: under PVE's 65 536-character input-data, over 64 KiB of output.
    const long = 'é'.repeat(33_000);
    const r = await runScriptOnVm(env(), at(100), script(`echo ${long}`), vars('web-01'), opts());
    expect(r.status).toBe('ok');
    expect(Buffer.byteLength(r.stdout)).toBe(64 * 1024);
    expect(r.stdout).toBe('é'.repeat(32_768));
    expect(r.truncated).toBe(true);
    await simEnv().control.call('POST', '/_sim/vms/100/guest', { maxOutputBytes: 3 });
    const small = await runScriptOnVm(env(), at(100), script('echo hello'), vars('web-01'), opts());
    expect(small).toMatchObject({ stdout: 'hel', truncated: true });
  });

  it('hands {name}, {index}, {vmid} over as data, expanding inside either quotes', async () => {
    const body = [
      `echo 'single {name} $HOME' "double {name}" bare-{name} {index} {vmid}`,
      'echo "$LABFORGE_NAME" ${name}x',
      '# a comment: don’t {name}',
    ].join('\n');
    const r = await runScriptOnVm(env(), at(100), script(body), vars('web-01', 100, 7), opts());
    expect(r).toMatchObject({ status: 'ok' });
    expect(r.stdout).toBe('single web-01 $HOME double web-01 bare-web-01 7 100\nweb-01 x\n');
  });

  it('refuses a hostile name before anything reaches Proxmox', async () => {
    const r = await runScriptOnVm(
      env(),
      at(100),
      script('echo {name}'),
      vars(`x'; echo pwned; '`),
      opts(),
    );
    expect(r.status).toBe('error');
    expect(r.message).toMatch(/not a valid Proxmox VM name/);
    expect(await journal(/\/qemu\/100\//)).toEqual([]);
  });

  it('runs PowerShell with the variables as $env: values', async () => {
    await simEnv().control.call('POST', '/_sim/vms/100/guest', { os: 'windows', agentDelayMs: 0 });
    const r = await runScriptOnVm(
      env(),
      at(100),
      script(`Write-Output "host {name}"\nWrite-Output 'literal {vmid} $x'\nexit 0`, 'powershell'),
      vars('web-01'),
      opts(),
    );
    expect(r).toMatchObject({ status: 'ok', stdout: 'host web-01\r\nliteral 100 $x\r\n' });
  });

  it('refuses a script longer than PVE’s input-data limit without sending it', async () => {
    const r = await runScriptOnVm(
      env(),
      at(100),
      script(`echo ${'x'.repeat(65_530)}`),
      vars('web-01'),
      opts(),
    );
    expect(r.status).toBe('error');
    expect(r.message).toMatch(/65536 characters/);
    expect(await journal(/agent\/exec/)).toEqual([]);
  });

  it('rejects only when the caller aborts', async () => {
    const ac = new AbortController();
    const p = runScriptOnVm(
      env(),
      at(100),
      script('sleep 1000000', 'shell', 60),
      vars('web-01'),
      opts({ signal: ac.signal }),
    );
    setTimeout(() => ac.abort(new Error('cancelled by test')), 300);
    await expect(p).rejects.toThrow('cancelled by test');
  });
});
