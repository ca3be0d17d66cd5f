/**
 * What `wget --progress=dot:giga` writes to stderr (pve-common's download_file_from_url runs it,
 * so download task logs carry these lines): each dot is 1 MiB, 8 dots to a cluster, 32 dots
 * (32 MiB) to a row; a full row ends with the percentage, the row's speed and the ETA, the last
 * row is padded and ends with "100%", its speed and "=<total time>".
 */
const DOT = 1024 * 1024;
const DOTS_PER_ROW = 32;
const ROW = DOT * DOTS_PER_ROW;

/** wget's human_readable(): "293K", "1.0G" (one decimal below 10 units). */
export function humanSize(n: number): string {
  if (n < 1024) return String(n);
  let v = n;
  for (const unit of ['K', 'M', 'G', 'T', 'P', 'E']) {
    v /= 1024;
    if (v < 1024 || unit === 'E') return `${v < 10 ? v.toFixed(1) : Math.round(v)}${unit}`;
  }
  return String(n);
}

/** calc_rate + "%4.*f%c": bytes per second in 1024 steps, precision by magnitude. */
function rowRate(bytes: number, secs: number): string {
  let rate = bytes / Math.max(secs, 0.001);
  let unit = ' ';
  for (const u of ['K', 'M', 'G']) {
    if (rate < 1024) break;
    rate /= 1024;
    unit = u;
  }
  const digits = rate >= 99.95 ? 0 : rate >= 9.995 ? 1 : 2;
  return `${rate.toFixed(digits).padStart(4)}${unit}`;
}

/** eta_to_human_short(secs, condensed). */
export function shortDuration(secs: number): string {
  const s = Math.round(secs);
  if (s < 100) return `${s}s`;
  if (s < 100 * 60) return `${Math.floor(s / 60)}m${s % 60}s`;
  if (s < 48 * 3600) return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`;
  if (s < 100 * 86400) return `${Math.floor(s / 86400)}d${Math.floor((s % 86400) / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

/** print_decimal(): the "=0.3s" of the last row. */
function decimal(secs: number): string {
  if (secs >= 9.95) return secs.toFixed(0);
  if (secs >= 0.95) return secs.toFixed(1);
  if (secs >= 0.001) return secs.toPrecision(1);
  return '0';
}

/** retr_rate(): "45.3 MB/s" in the final "saved" line. */
export function totalRate(bytes: number, secs: number): string {
  let rate = bytes / Math.max(secs, 0.001);
  let unit = 'B/s';
  for (const u of ['KB/s', 'MB/s', 'GB/s']) {
    if (rate < 1024) break;
    rate /= 1024;
    unit = u;
  }
  const digits = rate >= 99.95 ? 0 : rate >= 9.995 ? 1 : 2;
  return `${rate.toFixed(digits)} ${unit}`;
}

function dots(count: number, pad: boolean): string {
  let out = '';
  for (let i = 0; i < DOTS_PER_ROW; i++) {
    if (i >= count && !pad) break;
    if (i % 8 === 0) out += ' ';
    out += i < count ? '.' : ' ';
  }
  return out;
}

/** Feeds received byte counts, returns the completed rows' lines. */
export class DotGigaProgress {
  private received = 0;
  private rows = 0;
  private rowStart: number;

  constructor(
    private readonly total: number | undefined,
    private readonly started: number = performance.now(),
  ) {
    this.rowStart = started;
  }

  private elapsed(now: number): number {
    return (now - this.started) / 1000;
  }

  add(bytes: number, now = performance.now()): string[] {
    this.received += bytes;
    const lines: string[] = [];
    while (this.received >= (this.rows + 1) * ROW) {
      const done = (this.rows + 1) * ROW;
      let line = `${String((this.rows * ROW) / 1024).padStart(6)}K${dots(DOTS_PER_ROW, false)}`;
      if (this.total) line += `${String(Math.floor((100 * done) / this.total)).padStart(3)}%`;
      line += ` ${rowRate(ROW, (now - this.rowStart) / 1000)}`;
      if (this.total) {
        const eta = (this.elapsed(now) * (this.total - done)) / done;
        line += ` ${shortDuration(eta)}`;
      }
      lines.push(line);
      this.rows++;
      this.rowStart = now;
    }
    return lines;
  }

  /** The padded last row. */
  finish(now = performance.now()): string {
    const inRow = this.received - this.rows * ROW;
    let line = `${String((this.rows * ROW) / 1024).padStart(6)}K${dots(Math.floor(inRow / DOT), true)}`;
    if (this.total)
      line += `${String(Math.floor((100 * this.received) / this.total)).padStart(3)}%`;
    line += ` ${rowRate(inRow, (now - this.rowStart) / 1000)}`;
    const secs = this.elapsed(now);
    line += `=${secs >= 10 ? shortDuration(secs) : `${decimal(secs)}s`}`;
    return line;
  }
}
