import type { FastifyInstance } from 'fastify';
import type { Simulator } from '../simulator.js';
import { type GuestInput, guestView, makeGuest } from '../state/guest.js';

const OS = new Set(['linux', 'windows']);

/** Validates a guest body; returns an error text or the input. */
function parseGuest(body: unknown): GuestInput | string {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'body must be an object';
  const b = body as Record<string, unknown>;
  const out: GuestInput = {};
  if (b.installed !== undefined) {
    if (typeof b.installed !== 'boolean') return 'installed must be a boolean';
    out.installed = b.installed;
  }
  if (b.os !== undefined) {
    if (typeof b.os !== 'string' || !OS.has(b.os)) return "os must be 'linux' or 'windows'";
    out.os = b.os as 'linux' | 'windows';
  }
  for (const key of ['agentDelayMs', 'maxOutputBytes'] as const) {
    const v = b[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      return `${key} must be a non-negative number`;
    out[key] = v;
  }
  if (b.osinfo !== undefined) {
    const o = b.osinfo;
    if (!o || typeof o !== 'object' || Object.values(o).some((v) => typeof v !== 'string'))
      return 'osinfo must be an object of strings';
    out.osinfo = o as Record<string, string>;
  }
  return out;
}

/**
 * `GET/POST /_sim/vms/{vmid}/guest`: what is installed inside a VM. POST `{installed, os,
 * agentDelayMs, maxOutputBytes, osinfo}` (all optional; unspecified keys keep their value);
 * `{installed: false}` makes the agent never answer.
 */
export function registerGuestControl(app: FastifyInstance, sim: Simulator): void {
  app.get('/_sim/vms/:vmid/guest', async (req, reply) => {
    const vm = sim.state.vms.get(Number((req.params as { vmid: string }).vmid));
    if (!vm) return reply.code(404).send({ error: 'no such VM' });
    return guestView(vm);
  });
  app.post('/_sim/vms/:vmid/guest', async (req, reply) => {
    const vm = sim.state.vms.get(Number((req.params as { vmid: string }).vmid));
    if (!vm) return reply.code(404).send({ error: 'no such VM' });
    const input = parseGuest(req.body ?? {});
    if (typeof input === 'string') return reply.code(400).send({ error: input });
    vm.guest = makeGuest(input, vm.guest);
    return guestView(vm);
  });
}
