/**
 * Progress of a `download` (download-url) or `imgcopy` (upload) task read from its log.
 *
 * download-url runs `wget --progress=dot:giga`, whose log has `Length: N (1.0G) [type]`, then rows
 * like `  32768K ........ ........ ........ ........  3% 35.2M 27s` (each dot 1 MiB, a row 32
 * MiB, then percent, the row's speed with a 1024-based unit and the ETA), a padded last row ending
 * `100% 41.0M=29s`, `... saved [N/N]`, `calculating checksum...OK, checksum verified` and
 * `download of '<url>' to '<path>' finished`. The upload task logs `file size is: N`,
 * `calculating checksum...`, `command: cp ...` and `finished file import successfully`.
 */
export type TransferPhase = 'starting' | 'transferring' | 'verifying' | 'copying' | 'done';

export interface TransferProgress {
  /** Bytes transferred so far (a multiple of 32 MiB during a wget download, as its rows are). */
  bytes: number;
  total?: number;
  /** 0-100, floor, as wget prints it (or computed from bytes/total). */
  percent?: number;
  /** The speed of the latest wget row, bytes per second. */
  bytesPerSecond?: number;
  phase: TransferPhase;
}

const MiB = 1024 * 1024;
const UNITS: Record<string, number> = { ' ': 1, '': 1, K: 1024, M: MiB, G: 1024 * MiB };
const ROW = /^\s*(\d+)K((?: [. ]{1,8})+)\s*(?:(\d+)%)?\s+([\d.]+)([ KMG]?)(?:\s+\S+|=\S+)?$/;

export function parseTransferProgress(lines: readonly string[]): TransferProgress {
  const out: TransferProgress = { bytes: 0, phase: 'starting' };
  for (const line of lines) {
    let m: RegExpExecArray | null;
    if ((m = /^Length: (\d+)/.exec(line))) {
      out.total = Number(m[1]);
      out.phase = 'transferring';
    } else if ((m = ROW.exec(line))) {
      const dots = (m[2] ?? '').split('').filter((c) => c === '.').length;
      const last = line.includes('=');
      out.bytes = Number(m[1]) * 1024 + dots * MiB;
      if (last && out.total !== undefined) out.bytes = out.total;
      if (m[3] !== undefined) out.percent = Number(m[3]);
      out.bytesPerSecond = Number(m[4]) * (UNITS[m[5] ?? ''] ?? 1);
      out.phase = 'transferring';
    } else if ((m = /saved \[(\d+)(?:\/(\d+))?\]$/.exec(line))) {
      out.bytes = Number(m[1]);
      out.total = Number(m[2] ?? m[1]);
      out.percent = 100;
    } else if ((m = /^file size is: (\d+)$/.exec(line))) {
      // Upload: the bytes already reached the node; the task copies them.
      out.total = Number(m[1]);
      out.bytes = out.total;
      out.percent = 100;
      out.phase = 'copying';
    } else if (line.startsWith('calculating checksum')) {
      out.phase = 'verifying';
    } else if (
      /^download of '.*' finished$/.test(line) ||
      line === 'finished file import successfully'
    ) {
      out.phase = 'done';
      if (out.total !== undefined) out.bytes = out.total;
      out.percent = 100;
    }
  }
  if (out.percent === undefined && out.total)
    out.percent = Math.floor((100 * out.bytes) / out.total);
  return out;
}
