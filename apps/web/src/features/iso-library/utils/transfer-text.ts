import { formatBytes } from '../../../lib/format.js';

/** "1.20 GiB of 4.70 GiB at 35.2 MiB/s" */
export function transferText(p: {
  bytes?: number | undefined;
  total?: number | undefined;
  bytesPerSecond?: number | undefined;
}): string {
  if (p.bytes === undefined) return 'Starting…';
  const of = p.total !== undefined ? ` of ${formatBytes(p.total)}` : '';
  const speed = p.bytesPerSecond ? ` at ${formatBytes(p.bytesPerSecond)}/s` : '';
  return `${formatBytes(p.bytes)}${of}${speed}`;
}
