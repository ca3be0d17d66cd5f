import { describe, expect, it } from 'vitest';
import type { JournalEntry } from './support/conformance.js';
import { useSimEnv } from './support/sim-env.js';

const simEnv = useSimEnv();

/** The API paths the simulator served since the last call, in order. */
async function served(): Promise<string[]> {
  const { control } = simEnv();
  const entries = await control.call<JournalEntry[]>('GET', '/_sim/requests');
  await control.call('DELETE', '/_sim/requests');
  return entries.map((e) => `${e.method} ${e.path}`);
}

describe('finding a VM for an action', () => {
  it('starts on the node the VM was listed on, and looks it up afresh once it moved', async () => {
    const { engine, sim } = simEnv();
    // Cold: nothing seen yet, so the cluster listing says where VM 100 is.
    await served();
    const first = await engine.vms.prepareConsole(100);
    expect(first.node).toBe('pve1');
    const cold = await served();
    expect(cold.filter((p) => p.endsWith('/cluster/resources'))).toHaveLength(1);

    // Warm: My VMs listed it, so the console goes straight to pve1 (one round trip less).
    await engine.vms.describe([100]);
    await served();
    const second = await engine.vms.prepareConsole(100);
    expect(second.node).toBe('pve1');
    const warm = await served();
    expect(warm.some((p) => p.endsWith('/cluster/resources'))).toBe(false);
    expect(warm).toContain('GET /nodes/pve1/qemu/100/status/current');
    expect(warm).toContain('POST /nodes/pve1/qemu/100/vncproxy');

    // The VM moved to pve3 behind LabForge's back: the stale hint costs one failed read.
    sim.sim.state.vms.get(100)!.node = 'pve3';
    const third = await engine.vms.prepareConsole(100);
    expect(third.node).toBe('pve3');
    const moved = await served();
    expect(moved.filter((p) => p.endsWith('/cluster/resources'))).toHaveLength(1);
    expect(moved).toContain('POST /nodes/pve3/qemu/100/vncproxy');
    expect(moved.some((p) => p.includes('/nodes/pve1/qemu/100/vncproxy'))).toBe(false);
  });

  it('answers 404 for a VM that is gone, even when it was listed before', async () => {
    const { engine, sim } = simEnv();
    await engine.vms.describe([101]);
    sim.sim.state.vms.delete(101);
    await expect(engine.vms.power(101, 'start')).rejects.toMatchObject({ status: 404 });
  });
});
