import type { Iso } from '@labforge/contracts';

/** `virtio-win.iso`, `virtio-win-0.1.262.iso`, `virtio-win-0.1.285-1.iso`... */
export function isVirtioIso(name: string): boolean {
  return /^virtio-win[^/]*\.iso$/i.test(name.replace(/^.*[:/]/, ''));
}

/** Version numbers in the file name (0.1.262 -> [0, 1, 262]); undefined when unversioned. */
export function virtioVersion(name: string): number[] | undefined {
  const m = /^virtio-win[-_]?v?(\d+(?:[.-]\d+)*)/i.exec(name.replace(/^.*[:/]/, ''));
  return m?.[1] ? m[1].split(/[.-]/).map(Number) : undefined;
}

function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Newest first: versioned names by version, then unversioned ones (Fedora's "stable" link
 * name, whose version is unknown) by modification time; shared storage breaks ties.
 */
export function compareVirtio(a: Iso, b: Iso): number {
  const va = virtioVersion(a.name);
  const vb = virtioVersion(b.name);
  if (va && vb) {
    const d = compareVersions(vb, va);
    if (d !== 0) return d;
  } else if (va || vb) {
    return va ? -1 : 1;
  }
  const t = (b.ctime ?? 0) - (a.ctime ?? 0);
  if (t !== 0) return t;
  if (a.shared !== b.shared) return a.shared ? -1 : 1;
  return a.volid.localeCompare(b.volid);
}

/**
 * For every node, the newest virtio-win ISO it can read; with a pinned file name (an admin pinned
 * the version), only that file, so a node without it downloads it rather than use another.
 */
export function virtioByNode(isos: Iso[], pinned?: string): Map<string, string> {
  const sorted = isos
    .filter((i) => isVirtioIso(i.name) && (pinned === undefined || i.name === pinned))
    .sort(compareVirtio);
  const byNode = new Map<string, string>();
  for (const iso of sorted) for (const n of iso.nodes) if (!byNode.has(n)) byNode.set(n, iso.volid);
  return byNode;
}

/** Download progress from a wget `--progress=dot:giga` log line ("... 42% 12.3M 8s"). */
export function progressFromLog(line: string): number | undefined {
  const all = [...line.matchAll(/(\d{1,3})%/g)];
  const last = all.at(-1)?.[1];
  if (last === undefined) return undefined;
  const pct = Number(last);
  return pct >= 0 && pct <= 100 ? pct / 100 : undefined;
}
