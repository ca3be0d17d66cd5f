import { type ApiRoute, type RouteContext } from '../../http/route.js';
import { BUILTIN_CPU_MODELS, QEMU_CPU_MODELS } from '../../schema/formats/qemu-cpu.js';

/** Models QEMU reports without a vendor of their own (qemu-server's cpu vendor table: 'default'). */
const GENERIC = new Set([
  'host',
  'max',
  'kvm32',
  'kvm64',
  'qemu32',
  'qemu64',
  ...BUILTIN_CPU_MODELS,
]);
const AMD = /^(athlon|phenom|Opteron_|EPYC)/;

function vendorOf(model: string): string {
  if (GENERIC.has(model)) return 'default';
  return AMD.test(model) ? 'AuthenticAMD' : 'GenuineIntel';
}

/**
 * GET /nodes/{node}/capabilities/qemu/cpu: every CPU model a VM may use on that node, as
 * qemu-server's API2/Qemu/CPU.pm lists them (`name`, `custom`, `vendor`). Custom models from
 * cpu-models.conf would be listed only for callers with Sys.Audit on /nodes; the simulator has
 * none, so every caller sees the same list. `arch=aarch64` would list ARM models, which the
 * simulator does not have: it answers the x86_64 list for both.
 */
function cpuModels(_ctx: RouteContext): unknown {
  return [...new Set([...QEMU_CPU_MODELS, ...BUILTIN_CPU_MODELS])].map((name) => ({
    name,
    custom: 0,
    vendor: vendorOf(name),
  }));
}

export const capabilityRoutes: ApiRoute[] = [
  // No proxyto in PVE: the node that received the call answers from its own model list.
  { method: 'GET', path: '/nodes/{node}/capabilities/qemu/cpu', handler: cpuModels },
];
