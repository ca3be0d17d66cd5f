import { LABFORGE_TAG, NOTES_MARKER } from '../vm/build-record.js';

/** PVE's `description` holds at most 8 KiB (qemu-server's schema: maxLength 8192). */
const PVE_DESCRIPTION_MAX = 8192;

/** Control characters out (newlines stay), Windows line ends folded. */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what must go
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, ' ');
}

/** The part of a Proxmox description that is not LabForge's notes (the build record, or whatever was there). */
export function descriptionHead(description: unknown): string {
  if (typeof description !== 'string') return '';
  const at = description.indexOf(NOTES_MARKER);
  return (at === -1 ? description : description.slice(0, at)).replace(/\s+$/, '');
}

/** The teacher's notes inside a Proxmox description written by `composeDescription`. */
export function descriptionNotes(description: unknown): string {
  if (typeof description !== 'string') return '';
  const at = description.indexOf(NOTES_MARKER);
  return at === -1 ? '' : description.slice(at + NOTES_MARKER.length).replace(/^\n/, '');
}

/**
 * The new Proxmox description: what was there before LabForge's notes (the build record,
 * byte for byte), then the marker and the notes. Empty notes leave only the head.
 */
export function composeDescription(current: unknown, notes: string): string {
  const head = descriptionHead(current);
  const body = clean(notes).trim();
  if (!body) return head;
  const text = `${head ? `${head}\n\n` : ''}${NOTES_MARKER}\n${body}`;
  return text.length > PVE_DESCRIPTION_MAX ? text.slice(0, PVE_DESCRIPTION_MAX) : text;
}

/** PVE's split_list: tags are separated by `;`, `,` or white space. */
export function splitTags(tags: unknown): string[] {
  return typeof tags === 'string' ? tags.split(/[;,\s]+/).filter(Boolean) : [];
}

/**
 * The new Proxmox tags: the card's tags, the `labforge` tag when the template has it, and every tag someone set in
 * Proxmox that was not one of the card's previous tags (LabForge removes only what it wrote).
 */
export function composeTags(
  current: unknown,
  previous: readonly string[],
  next: readonly string[],
): string {
  const old = new Set(previous.map((t) => t.toLowerCase()));
  const had = splitTags(current).map((t) => t.toLowerCase());
  const kept = had.filter((t) => !old.has(t) || t === LABFORGE_TAG);
  const all = new Set([...kept, ...next]);
  return [...all].sort().join(';');
}
