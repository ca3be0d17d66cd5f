/** Size helpers matching pve-common JSONSchema format_size / parse_size. */
const UNITS: [string, number][] = [
  ['T', 1024 ** 4],
  ['G', 1024 ** 3],
  ['M', 1024 ** 2],
  ['K', 1024],
];

export function formatSize(bytes: number): string {
  if (bytes % 1024 !== 0) return String(bytes);
  for (const [unit, factor] of UNITS) {
    if (bytes >= factor && bytes % factor === 0) return `${bytes / factor}${unit}`;
  }
  return String(bytes);
}

export function parseSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([KMGT])?$/.exec(text.trim());
  if (!m) return undefined;
  const factor = UNITS.find(([u]) => u === m[2])?.[1] ?? 1;
  return Math.round(Number(m[1]) * factor);
}

export const GiB = 1024 ** 3;
export const MiB = 1024 ** 2;
