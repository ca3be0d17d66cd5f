import { FormatError } from '../errors.js';
import type { InlineFormat } from '../types.js';
import { registerFormat } from './registry.js';
import { bool, int, oneOf, str } from './schema-helpers.js';

/** CPU settings of qemu-server CPUConfig.pm: `pve-vm-cpu-conf` with its VM-specific validator. */
export const BUILTIN_CPU_MODELS = ['x86-64-v2', 'x86-64-v2-AES', 'x86-64-v3', 'x86-64-v4'];
/** QEMU's x86_64 CPU models as PVE 9 ships them (/usr/share/kvm/cpu-models-x86_64.json), plus host/max. */
export const QEMU_CPU_MODELS = [
  '486',
  'athlon',
  'Broadwell',
  'Broadwell-IBRS',
  'Broadwell-noTSX',
  'Broadwell-noTSX-IBRS',
  'Cascadelake-Server',
  'Cascadelake-Server-noTSX',
  'Cascadelake-Server-v2',
  'Cascadelake-Server-v4',
  'Cascadelake-Server-v5',
  'Conroe',
  'Cooperlake',
  'Cooperlake-v2',
  'core2duo',
  'coreduo',
  'EPYC',
  'EPYC-Genoa',
  'EPYC-IBPB',
  'EPYC-Milan',
  'EPYC-Milan-v2',
  'EPYC-Rome',
  'EPYC-Rome-v2',
  'EPYC-Rome-v3',
  'EPYC-Rome-v4',
  'EPYC-v3',
  'EPYC-v4',
  'GraniteRapids',
  'Haswell',
  'Haswell-IBRS',
  'Haswell-noTSX',
  'Haswell-noTSX-IBRS',
  'host',
  'Icelake-Client',
  'Icelake-Client-noTSX',
  'Icelake-Server',
  'Icelake-Server-noTSX',
  'Icelake-Server-v3',
  'Icelake-Server-v4',
  'Icelake-Server-v5',
  'Icelake-Server-v6',
  'IvyBridge',
  'IvyBridge-IBRS',
  'KnightsMill',
  'kvm32',
  'kvm64',
  'max',
  'Nehalem',
  'Nehalem-IBRS',
  'Opteron_G1',
  'Opteron_G2',
  'Opteron_G3',
  'Opteron_G4',
  'Opteron_G5',
  'Penryn',
  'pentium',
  'pentium2',
  'pentium3',
  'phenom',
  'qemu32',
  'qemu64',
  'SandyBridge',
  'SandyBridge-IBRS',
  'SapphireRapids',
  'SapphireRapids-v2',
  'Skylake-Client',
  'Skylake-Client-IBRS',
  'Skylake-Client-noTSX-IBRS',
  'Skylake-Client-v4',
  'Skylake-Server',
  'Skylake-Server-IBRS',
  'Skylake-Server-noTSX-IBRS',
  'Skylake-Server-v4',
  'Skylake-Server-v5',
  'Westmere',
  'Westmere-IBRS',
];
const VM_FLAGS = [
  'aes',
  'amd-no-ssb',
  'amd-ssbd',
  'hv-evmcs',
  'hv-tlbflush',
  'ibpb',
  'md-clear',
  'nested-virt',
  'pcid',
  'pdpe1gb',
  'spec-ctrl',
  'ssbd',
  'virt-ssbd',
];
const FLAG_ANY = '([+-])([a-zA-Z0-9\\-_\\.]+)';
const FLAG_VM = `([+-])(${VM_FLAGS.join('|')})`;

export const cpuFormat: InlineFormat = {
  cputype: str({ default: 'kvm64', default_key: 1 }),
  'reported-model': oneOf(
    [...QEMU_CPU_MODELS].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())),
    {
      default: 'kvm64',
    },
  ),
  hidden: bool({ default: 0 }),
  'hv-vendor-id': str({ pattern: '(?^:[a-zA-Z0-9]{1,12})' }),
  flags: str({ pattern: `(?^:${FLAG_ANY}(;${FLAG_ANY})*)` }),
  'guest-phys-bits': int(32, 64),
  'phys-bits': str({ format: 'pve-phys-bits' }),
  // `level` (CPUID level) arrived after PVE 9.1 and is refused there as an unknown key.
};

registerFormat('pve-phys-bits', (v) => {
  const msg = "value must be an integer between 8 and 64 or 'host'\n";
  if (!/^(host|\d{1,2})$/.test(v)) throw new FormatError(msg);
  if (/^\d+$/.test(v) && (Number(v) < 8 || Number(v) > 64)) throw new FormatError(msg);
});

function validateVmCpuConf(cpu: Record<string, string>): void {
  const cputype = cpu.cputype;
  if (!cputype) throw new FormatError('CPU is missing cputype\n');
  if (cputype.startsWith('custom-')) {
    // The simulator has no custom CPU models (cpu-models.conf is empty).
    throw new FormatError(`Custom cputype '${cputype.slice('custom-'.length)}' not found\n`);
  }
  if (!QEMU_CPU_MODELS.includes(cputype) && !BUILTIN_CPU_MODELS.includes(cputype)) {
    throw new FormatError(
      `Built-in cputype '${cputype}' is not defined (missing 'custom-' prefix?)\n`,
    );
  }
  if (cpu.flags && !new RegExp(`^${FLAG_VM}(;${FLAG_VM})*$`).test(cpu.flags)) {
    throw new FormatError(`VM-specific CPU flags must be a subset of: ${VM_FLAGS.join(', ')}\n`);
  }
  if (cpu['reported-model'] !== undefined) {
    throw new FormatError("Property 'reported-model' not allowed in VM-specific CPU config.\n");
  }
}

registerFormat('pve-cpu-conf', cpuFormat, (cpu) => {
  if (!cpu.cputype) throw new FormatError('CPU is missing cputype\n');
});
registerFormat('pve-vm-cpu-conf', cpuFormat, validateVmCpuConf);
registerFormat('pve-qm-cpu', cpuFormat, validateVmCpuConf);
