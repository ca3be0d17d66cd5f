import { appendFileSync } from 'node:fs';

/**
 * One figure of the bench table: what was measured, the value, what it is compared with, and
 * the ratio or target. Printed here and, with BENCH_OUT set, appended as a JSON line for the
 * root `pnpm bench`, which prints every package's figures as one table.
 */
export interface Row {
  area: string;
  figure: string;
  value: string;
  compared: string;
  result: string;
}

export function emit(row: Row): void {
  console.log(`  ${row.area} | ${row.figure} | ${row.value} | ${row.compared} | ${row.result}`);
  if (process.env.BENCH_OUT) appendFileSync(process.env.BENCH_OUT, `${JSON.stringify(row)}\n`);
}

export function pct(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}

export const ms = (x: number): string => (x >= 100 ? `${x.toFixed(0)} ms` : `${x.toFixed(1)} ms`);

/** The handling time injected on every simulated Proxmox call: the bench's round-trip unit. */
export const RTT_MS = Number(process.env.BENCH_LATENCY_MS ?? 25);
/** What the entry node's pveproxy adds when it forwards a call to another node. */
export const HOP_MS = Number(process.env.BENCH_HOP_MS ?? 2);
