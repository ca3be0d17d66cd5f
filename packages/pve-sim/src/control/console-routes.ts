import type { FastifyInstance } from 'fastify';
import { SCREEN } from '../console/layout.js';
import type { Simulator } from '../simulator.js';

type Body = Record<string, unknown> | undefined;

/**
 * GET/POST /_sim/vms/{vmid}/console: what the VM's display shows (state and text lines), the key
 * and pointer events that reached it (sendkey and RFB), clipboard texts, and open connections.
 * POST sets `installed` (the disk boots an OS) and `ignoreAcpi` (shutdown times out).
 */
export function registerConsoleControl(app: FastifyInstance, sim: Simulator): void {
  const view = (vmid: number) => {
    const vm = sim.state.vms.get(vmid);
    if (!vm) return undefined;
    const g = sim.consoles.guest(vm);
    return {
      vmid,
      node: vm.node,
      running: vm.running,
      state: g.state,
      installer: g.installer?.title ?? null,
      lines: g.lines(),
      typed: g.typing,
      entered: g.entered,
      keys: g.keys,
      pointer: g.pointer,
      clipboard: g.clipboard,
      connections: g.viewers.size,
      installed: g.installed,
      ignoreAcpi: g.ignoreAcpi,
      width: SCREEN.width,
      height: SCREEN.height,
    };
  };
  app.get('/_sim/vms/:vmid/console', async (req, reply) => {
    const v = view(Number((req.params as { vmid: string }).vmid));
    return v ?? reply.code(404).send({ error: 'no such VM' });
  });
  app.post('/_sim/vms/:vmid/console', async (req, reply) => {
    const vmid = Number((req.params as { vmid: string }).vmid);
    const vm = sim.state.vms.get(vmid);
    if (!vm) return reply.code(404).send({ error: 'no such VM' });
    const body = (req.body as Body) ?? {};
    const g = sim.consoles.guest(vm);
    if (typeof body.installed === 'boolean') g.installed = body.installed;
    if (typeof body.ignoreAcpi === 'boolean') g.ignoreAcpi = body.ignoreAcpi;
    return view(vmid);
  });
}
