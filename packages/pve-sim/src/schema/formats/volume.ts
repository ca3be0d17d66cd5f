import { FormatError } from '../errors.js';
import { registerFormat } from './registry.js';

/** Volume formats: pve-storage's Plugin.pm parse_volume_id and qemu-server's path variants. */
export const VOLUME_ID_RE = /^([a-z][a-z0-9\-_.]*[a-z0-9]):([\s\S]+)$/i;
/** qemu-server Drive.pm $NEW_DISK_RE: `[STORAGE:]SIZE_GiB` of the create-time "with alloc" syntax. */
export const NEW_DISK_RE = /^(([^/:\s]+):)?(\d+(\.\d+)?)$/;

export function checkVolumeId(v: string): void {
  if (!VOLUME_ID_RE.test(v)) throw new FormatError(`unable to parse volume ID '${v}'\n`);
}

function volumeIdOrAbsolutePath(v: string): void {
  if (v.startsWith('/')) return;
  checkVolumeId(v);
}

registerFormat('pve-volume-id', checkVolumeId);
registerFormat('pve-volume-id-or-absolute-path', volumeIdOrAbsolutePath);
registerFormat('pve-volume-id-or-qm-path', (v) => {
  if (v === 'none' || v === 'cdrom') return;
  volumeIdOrAbsolutePath(v);
});

/** Plugin.pm verify_content: the dir plugin's content types (a superset of all others) plus 'import'. */
export const CONTENT_TYPES = ['images', 'rootdir', 'vztmpl', 'iso', 'backup', 'snippets', 'import'];
registerFormat('pve-storage-content', (v) => {
  if (!CONTENT_TYPES.includes(v)) throw new FormatError(`invalid content type '${v}'\n`);
});
