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
  const out = process.env.BENCH_OUT;
  if (out) appendFileSync(out, `${JSON.stringify(row)}\n`);
}

export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}

export const median = (xs: readonly number[]): number => percentile(xs, 50);

export async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const r = await fn();
  return [performance.now() - t, r];
}

export const ms = (x: number): string => (x >= 100 ? `${x.toFixed(0)} ms` : `${x.toFixed(1)} ms`);
export const rtt = (x: number, unit: number): string => `${(x / unit).toFixed(1)} RTT`;
