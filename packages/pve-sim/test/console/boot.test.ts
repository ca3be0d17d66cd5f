import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/index.js';
import { builder, call, start, waitTask } from '../helpers.js';
import { consoleOf, openConsole, waitScreen } from './helpers.js';

let sim: RunningSimulator;
beforeAll(async () => {
  // The boot prompt lasts 5 simulated seconds: 1 s of real time at this speed.
  sim = await start({ taskDurations: { bootprompt: 400 } });
});
afterAll(() => sim.close());
beforeEach(async () => {
  await call(sim, 'POST', '/_sim/reset');
});

async function createAndStart(
  vmid: number,
  node: string,
  form: Record<string, string | number>,
): Promise<void> {
  const create = await call(sim, 'POST', `/nodes/${node}/qemu`, {
    auth: builder,
    form: { vmid, scsi0: 'local-lvm:16', boot: 'order=scsi0;ide2', ...form },
  });
  expect((await waitTask(sim, builder, create.body.data)).exitstatus).toBe('OK');
  const res = await call(sim, 'POST', `/nodes/${node}/qemu/${vmid}/status/start`, {
    auth: builder,
  });
  expect((await waitTask(sim, builder, res.body.data)).exitstatus).toBe('OK');
}

const win11 = {
  ide2: 'local:iso/Win11_24H2_English_x64.iso,media=cdrom',
  bios: 'ovmf',
  ostype: 'win11',
};
const sendkey = (vmid: number, key: string, node = 'pve2') =>
  call(sim, 'PUT', `/nodes/${node}/qemu/${vmid}/sendkey`, { auth: builder, form: { key } });

describe('boot sequence', () => {
  it('Windows under OVMF: a missed prompt falls through to the UEFI shell', async () => {
    await createAndStart(300, 'pve2', win11);
    const prompt = await waitScreen(sim, 300, 'boot-prompt');
    expect(prompt.lines).toContain('Press any key to boot from CD or DVD...');
    const shell = await waitScreen(sim, 300, 'uefi-shell');
    expect(shell.lines[0]).toBe('UEFI Interactive Shell v2.2');
    expect(shell.lines.at(-1)).toBe('Shell> _');
    // Ctrl+Alt+Del in the shell reboots the firmware.
    expect((await sendkey(300, 'ctrl-alt-delete')).body).toEqual({ data: null });
    await waitScreen(sim, 300, 'boot-prompt');
  });

  it('a key through sendkey during the prompt starts Windows Setup; typed text shows', async () => {
    await createAndStart(300, 'pve2', win11);
    await waitScreen(sim, 300, 'boot-prompt');
    await sendkey(300, 'ret');
    const setup = await consoleOf(sim, 300);
    expect(setup.state).toBe('installer');
    expect(setup.installer).toBe('Windows Setup');
    for (const key of ['shift-h', 'i', 'spc', 'shift-1'])
      expect((await sendkey(300, key)).status).toBe(200);
    expect((await consoleOf(sim, 300)).lines).toEqual([
      'Windows Setup',
      '',
      'Language to install: English (United States)',
      'Keyboard or input method: US',
      '',
      '> Hi !_',
    ]);
    expect((await consoleOf(sim, 300)).keys.map((k) => k.key)).toEqual([
      'ret',
      'shift-h',
      'i',
      'spc',
      'shift-1',
    ]);
  });

  it('a key through RFB during the prompt starts Setup too, and the screen shows it', async () => {
    await createAndStart(300, 'pve2', win11);
    await waitScreen(sim, 300, 'boot-prompt');
    const { rfb, ws } = await openConsole(sim, builder, 'pve2', 300);
    await rfb.update(false);
    expect(rfb.screenText()).toContain('Press any key to boot from CD or DVD...');
    rfb.type(' ');
    await rfb.update(true);
    expect(rfb.screenText()[0]).toBe('Windows Setup');
    ws.close();
  });

  it('Linux media go straight to the installer; reset starts over, shutdown powers off', async () => {
    await createAndStart(301, 'pve1', {
      ide2: 'local:iso/ubuntu-22.04-live-server-amd64.iso,media=cdrom',
    });
    const inst = await waitScreen(sim, 301, 'installer');
    expect(inst.installer).toBe('Ubuntu installer');
    const reset = await call(sim, 'POST', '/nodes/pve1/qemu/301/status/reset', { auth: builder });
    expect((await waitTask(sim, builder, reset.body.data)).exitstatus).toBe('OK');
    expect(['firmware', 'installer']).toContain((await consoleOf(sim, 301)).state);
    await waitScreen(sim, 301, 'installer');
    const off = await call(sim, 'POST', '/nodes/pve1/qemu/301/status/shutdown', { auth: builder });
    expect((await waitTask(sim, builder, off.body.data)).exitstatus).toBe('OK');
    expect((await consoleOf(sim, 301)).lines).toEqual(['powered off']);
  });

  it('the UEFI shell ignores ACPI: shutdown times out', async () => {
    await createAndStart(300, 'pve2', win11);
    await waitScreen(sim, 300, 'uefi-shell');
    const res = await call(sim, 'POST', '/nodes/pve2/qemu/300/status/shutdown', {
      auth: builder,
      form: { timeout: 3 },
    });
    expect((await waitTask(sim, builder, res.body.data)).exitstatus).toBe(
      'VM quit/powerdown failed - got timeout',
    );
  });

  it('an installed disk boots the OS; SeaBIOS without bootable media says so', async () => {
    await createAndStart(302, 'pve1', { ide2: 'none,media=cdrom' });
    expect((await waitScreen(sim, 302, 'no-boot')).lines.at(-1)).toBe('No bootable device.');
    await call(sim, 'POST', '/_sim/vms/302/console', { json: { installed: true } });
    await call(sim, 'POST', '/nodes/pve1/qemu/302/status/reset', { auth: builder });
    expect((await waitScreen(sim, 302, 'os')).lines[0]).toBe('VM 302 is running');
  });

  it('sendkey errors: unknown key, stopped VM, missing VM, root-only skiplock', async () => {
    const bad = await sendkey(100, 'ctrl-foo', 'pve1');
    expect(bad.status).toBe(500);
    expect(bad.reason).toBe('invalid parameter: foo');
    const stopped = await sendkey(101, 'ret');
    expect(stopped.reason).toBe('VM 101 not running');
    const missing = await sendkey(555, 'ret');
    expect(missing.reason).toBe(
      "Configuration file 'nodes/pve2/qemu-server/555.conf' does not exist",
    );
    const skip = await call(sim, 'PUT', '/nodes/pve1/qemu/100/sendkey', {
      auth: builder,
      form: { key: 'ret', skiplock: 1 },
    });
    expect(skip.body.errors).toEqual({ skiplock: 'Only root may use this option.' });
    const noKey = await call(sim, 'PUT', '/nodes/pve1/qemu/100/sendkey', {
      auth: builder,
      form: {},
    });
    expect(noKey.body.errors).toEqual({ key: 'property is missing and it is not optional' });
  });
});
