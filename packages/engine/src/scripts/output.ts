import { SCRIPT_OUTPUT_CAP_BYTES } from '@labforge/contracts';

/**
 * Keeps at most SCRIPT_OUTPUT_CAP_BYTES of UTF-8 of one stream (the start: what a script prints
 * first is what explains it), cut at a character boundary.
 */
export function capOutput(
  text: string,
  cap: number = SCRIPT_OUTPUT_CAP_BYTES,
): { text: string; cut: boolean } {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= cap) return { text, cut: false };
  let end = cap;
  // Step back over UTF-8 continuation bytes (10xxxxxx) so no character is split.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return { text: bytes.subarray(0, end).toString('utf8'), cut: true };
}
