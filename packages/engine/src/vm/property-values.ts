import {
  BRIDGE_PATTERN,
  CPU_FLAG_PATTERN,
  CPU_TYPE_PATTERN,
  DNS_NAME_PATTERN,
  ISO_VOLID_PATTERN,
  MACHINE_PATTERN,
  NODE_NAME_PATTERN,
  STORAGE_ID_PATTERN,
} from '@labforge/contracts';
import { BuilderError } from '../errors/builder-error.js';

/**
 * Last line of defence before a value enters a Proxmox property string (`net0=virtio,bridge=X`).
 * The contracts validate requests at the API edge; the engine checks again because it is also
 * called with values read back from Proxmox or from config, and because one missed `,` or `=`
 * lets a caller add keys of their own (`bridge=vmbr0,firewall=0` would switch the firewall off).
 */
const BREAKOUT = /[,=;\s"'\\]/;

const GRAMMARS = {
  storage: STORAGE_ID_PATTERN,
  node: NODE_NAME_PATTERN,
  bridge: BRIDGE_PATTERN,
  name: DNS_NAME_PATTERN,
  iso: ISO_VOLID_PATTERN,
  cpu_type: CPU_TYPE_PATTERN,
  cpu_flag: CPU_FLAG_PATTERN,
  machine: MACHINE_PATTERN,
  word: /^[a-z0-9][a-z0-9-]*$/i,
} as const;

export type Grammar = keyof typeof GRAMMARS;

export function checked(kind: Grammar, value: string, field: string = kind): string {
  // ISO file names may contain spaces only if Proxmox listed them so; they still cannot break
  // out of the property string because PVE ends the volume id at the first comma.
  const breakout = kind === 'iso' ? /[,=;"\\]/ : BREAKOUT;
  if (!GRAMMARS[kind].test(value) || breakout.test(value)) {
    throw new BuilderError(
      400,
      `${field} has a value Proxmox would not accept: ${JSON.stringify(value)}`,
      {
        details: { field },
      },
    );
  }
  return value;
}

export function checkedInt(value: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new BuilderError(400, `${field} must be an integer between ${min} and ${max}`, {
      details: { field },
    });
  }
  return value;
}

/** Description text: free text, but no control characters other than newlines. */
export function cleanText(value: string, max = 200): string {
  // eslint-disable-next-line no-control-regex -- control characters are what must go
  return value.replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, ' ').slice(0, max);
}
