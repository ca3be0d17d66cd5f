import type { ContentType } from '../seeds/types.js';
import { die } from '../http/errors.js';
import type { StorageDef } from './types.js';
import { isFileStorage } from './volume-names.js';

export interface ParsedVolname {
  content: ContentType;
  vmid?: number;
}

/** pve-storage parse_volname per plugin type; unparsable names die like PVE. */
export function parseVolname(def: StorageDef, name: string): ParsedVolname {
  if (isFileStorage(def)) {
    if (/^iso\/[^/]+\.(iso|img)$/i.test(name)) return { content: 'iso' };
    if (/^vztmpl\/[^/]+\.tar\.(gz|xz|zst|bz2)$/.test(name)) return { content: 'vztmpl' };
    if (/^backup\/[^/]+$/.test(name)) return { content: 'backup' };
    if (/^snippets\/[^/]+$/.test(name)) return { content: 'snippets' };
    if (/^import\/[^/]+\.(ova|ovf|qcow2|raw|vmdk)$/.test(name)) return { content: 'import' };
    // <vmid>/<name> or, for a linked clone, <basevmid>/<basename>/<vmid>/<name>.
    const m =
      /^(?:\d+\/base-\d+-[^/]+\.(?:raw|qcow2|vmdk)\/)?(\d+)\/((?:vm|base)-\d+-[^/]+\.(raw|qcow2|vmdk|subvol))$/.exec(
        name,
      );
    if (m) return { content: 'images', vmid: Number(m[1]) };
    throw die(`unable to parse directory volume name '${name}'\n`);
  }
  // ZFS linked clones are named <basename>/<name> (LVM-thin clones keep a plain vm- name).
  const m =
    def.type === 'zfspool'
      ? /^(?:base-\d+-[^/\s]+\/)?(?:vm|base)-(\d+)-[^/\s]+$/.exec(name)
      : /^(?:vm|base)-(\d+)-[^/\s]+$/.exec(name);
  if (m) return { content: 'images', vmid: Number(m[1]) };
  const kind = def.type === 'zfspool' ? 'zfs' : 'lvm';
  throw die(`unable to parse ${kind} volume name '${name}'\n`);
}
