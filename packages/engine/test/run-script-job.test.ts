import type { JobTypes } from '@labforge/contracts';
import { describe, expect, it } from 'vitest';
import type { BuildCheckpoint } from '../src/index.js';
import { agentSeed } from './support/seeds.js';
import { ctxFor, useSimEnv } from './support/sim-env.js';

const simEnv = useSimEnv({ seed: agentSeed });

const request = (
  vmids: number[],
  body = 'echo hi from {name} number {index}',
): JobTypes['run-script']['request'] => ({
  script: { id: 'scr001', name: 'hello', language: 'shell', body, timeout_s: 30 },
  vmids,
  start_if_stopped: true,
});

type Entry = { seq: number; path: string };
const execs = async (vmid: number) =>
  (await simEnv().control.call<Entry[]>('GET', '/_sim/requests')).filter((e) =>
    e.path.endsWith(`/qemu/${vmid}/agent/exec`),
  ).length;

describe('run-script job', () => {
  it('one row per VM: ok, agent not configured, a template and a missing VM each reported', async () => {
    const ctx = ctxFor();
    const out = await simEnv().engine.jobs['run-script'].run(
      request([100, 101, 102, 9000, 4242]),
      ctx,
    );
    const by = new Map(out.items.map((i) => [i.vmid, i]));
    expect(by.get(100)?.result).toMatchObject({
      status: 'ok',
      stdout: 'hi from web-01 number 1\n',
    });
    expect(by.get(101)?.result).toMatchObject({ status: 'ok', stdout: 'hi from db-01 number 2\n' });
    expect(by.get(101)?.node).toBe('pve2');
    expect(by.get(102)?.result.status).toBe('agent-unreachable');
    expect(by.get(9000)?.result).toMatchObject({ status: 'error' });
    expect(by.get(9000)?.result.message).toMatch(/is a template/);
    expect(by.get(4242)?.result.message).toBe('VM 4242 does not exist');
    const rows = ctx.events.filter(
      (e) => e.type === 'step' && e.step === 'run-script' && e.status !== 'running',
    );
    expect(rows.map((e) => (e.type === 'step' ? e.item : '')).sort()).toEqual([
      'db-01 (VM 101)',
      'noagent-01 (VM 102)',
      'ubuntu-2204-template (VM 9000)',
      'vm4242 (VM 4242)',
      'web-01 (VM 100)',
    ]);
    const last = ctx.events.filter((e) => e.type === 'checkpoint').at(-1);
    expect(last?.type === 'checkpoint' && Object.keys(last.checkpoint.runs as object)).toHaveLength(
      5,
    );
  });

  it('after a restart: finished runs are kept, a recorded pid is followed, an unsent exec is not repeated', async () => {
    const { client } = simEnv();
    // The process the API had started before it died: still known to the guest agent.
    const { pid } = await client.agent.exec('pve1', 100, ['/bin/sh', '-s'], {
      inputData: 'echo started before the restart',
    });
    const earlier = {
      script_id: 'scr001',
      script_name: 'hello',
      status: 'ok' as const,
      exit_code: 0,
      stdout: 'kept\n',
      stderr: '',
      truncated: false,
      started_at: new Date().toISOString(),
      finished_at: new Date().toISOString(),
    };
    const checkpoint: BuildCheckpoint = {
      step: 'run-script',
      runs: {
        '100': { state: 'running', node: 'pve1', name: 'web-01', pid, at: Date.now() },
        '101': { state: 'sending', node: 'pve2', name: 'db-01' },
        '9000': {
          state: 'done',
          item: { vmid: 9000, name: 'ubuntu-2204-template', node: 'pve1', result: earlier },
        },
      },
    };
    const before101 = await execs(101);
    const ctx = ctxFor();
    const out = await simEnv().engine.jobs['run-script'].reconcile(
      request([100, 101, 9000, 102]),
      ctx,
      checkpoint,
    );
    const by = new Map(out.items.map((i) => [i.vmid, i.result]));
    expect(by.get(100)).toMatchObject({ status: 'ok', stdout: 'started before the restart\n' });
    expect(by.get(101)?.status).toBe('error');
    expect(by.get(101)?.message).toMatch(/whether it ran is unknown, so it was not run again/);
    expect(await execs(101)).toBe(before101);
    expect(by.get(9000)).toEqual(earlier);
    expect(by.get(102)?.status).toBe('agent-unreachable');
    expect(out.items.map((i) => i.vmid)).toEqual([100, 101, 9000, 102]);
  });
});
