import { z } from 'zod';

/**
 * Value grammars for strings that end up inside Proxmox property strings (`net0=virtio,bridge=X`,
 * `ide2=VOLID,media=cdrom`, `cpu=TYPE,flags=...`). Each is restricted to what Proxmox itself
 * accepts there, and none admits `,` `=` `;` or whitespace, so no caller can smuggle extra keys.
 */

/** PVE's `pve-storage-id` format. */
export const STORAGE_ID_PATTERN = /^[a-z][a-z0-9\-_.]*[a-z0-9]$/i;
/** PVE's `pve-node` format (a hostname label). */
export const NODE_NAME_PATTERN = /^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/;
/** Linux interface names (at most 15 characters), as used for bridges. */
export const BRIDGE_PATTERN = /^[a-zA-Z][a-zA-Z0-9_.-]{0,14}$/;
/** PVE's `dns-name` format, which the `name` option of a VM must match. */
export const DNS_NAME_PATTERN =
  /^(([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)\.)*([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)$/;
/**
 * An ISO volume id `storage:iso/file.iso`. The file part excludes the characters that would
 * break out of a property string (`,` `=` `"`), path separators and control characters.
 */
export const ISO_VOLID_PATTERN =
  // eslint-disable-next-line no-control-regex -- control characters are what must be excluded
  /^[a-z][a-z0-9\-_.]*[a-z0-9]:iso\/[^,=/\\"\u0000-\u001f\u007f;]+\.(iso|img)$/i;

export const nodeNameSchema = z
  .string({ error: 'node must be a Proxmox node name' })
  .regex(NODE_NAME_PATTERN, 'node must be a Proxmox node name (letters, digits and hyphens)')
  .max(63, 'node must be at most 63 characters');

export const storageIdSchema = z
  .string({ error: 'storage must be a Proxmox storage id' })
  .regex(STORAGE_ID_PATTERN, 'storage must be a Proxmox storage id like local-lvm')
  .max(64, 'storage must be at most 64 characters');

export const bridgeNameSchema = z
  .string({ error: 'network_bridge must be a bridge name like vmbr0' })
  .regex(BRIDGE_PATTERN, 'network_bridge must be a bridge name like vmbr0 (at most 15 characters)');

export const vmidSchema = z
  .number({ error: 'vmid must be an integer between 100 and 999999999' })
  .int('vmid must be an integer between 100 and 999999999')
  .min(100, 'vmid must be an integer between 100 and 999999999')
  .max(999_999_999, 'vmid must be an integer between 100 and 999999999');

export const clusterIdSchema = z
  .string({ error: 'cluster_id must be a configured cluster id' })
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/i, 'cluster_id must be a configured cluster id');

export const isoVolidSchema = z
  .string({ error: 'Please select an ISO image' })
  .min(1, 'Please select an ISO image')
  .regex(
    ISO_VOLID_PATTERN,
    'iso_file must be a Proxmox ISO volume id like local:iso/name.iso (no commas, quotes or "=")',
  );

/** An integer field with a range, whose every failure names the field and the range. */
export function boundedInt(field: string, min: number, max: number, unit = '') {
  const message = `${field} must be an integer between ${min} and ${max}${unit}`;
  return z.number({ error: message }).int(message).min(min, message).max(max, message);
}

export function flag(field: string) {
  return z.boolean({ error: `${field} must be true or false` });
}
