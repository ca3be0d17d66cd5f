#!/usr/bin/env node
// `pnpm bench`: builds once, runs the engine, API and SPA benches one after another (each prints
// its own lines), then prints every figure as ONE table. The benches only print: no figure is
// asserted anywhere. BENCH_LATENCY_MS (default 25) is the handling time injected on every
// simulated Proxmox call (1 RTT); BENCH_SKIP_BUILD=1 reuses the last `pnpm build`.
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'labforge-bench-'));
const out = join(dir, 'rows.jsonl');
const env = { ...process.env, BENCH_OUT: out };

function run(label, args) {
  console.log(`\n== ${label}: pnpm ${args.join(' ')}`);
  const started = Date.now();
  const r = spawnSync('pnpm', args, { stdio: 'inherit', env });
  const secs = ((Date.now() - started) / 1000).toFixed(0);
  if (r.status !== 0) console.log(`!! ${label} failed (exit ${r.status}) after ${secs} s`);
  else console.log(`== ${label}: ${secs} s`);
}

const t0 = Date.now();
if (process.env.BENCH_SKIP_BUILD !== '1') run('build', ['build']);
run('engine', ['--filter', '@labforge/engine', 'bench']);
run('api', ['--filter', '@labforge/api', 'bench']);
run('spa', ['--filter', '@labforge/e2e', 'bench']);

const rows = existsSync(out)
  ? readFileSync(out, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
  : [];
rmSync(dir, { recursive: true, force: true });

const cpu = (() => {
  try {
    return (
      /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model
    );
  } catch {
    return cpus()[0]?.model;
  }
})();
const cols = ['area', 'figure', 'value', 'compared', 'result'];
const head = ['area', 'figure', 'measured', 'compared with', 'ratio / target'];
const esc = (s) => String(s ?? '').replace(/\|/g, '\\|');
console.log(
  `\nLabForge bench, ${new Date().toISOString().slice(0, 16)}Z: ${cpus().length} CPUs (${cpu}), Node ${process.version}, ` +
    `load average ${(await import('node:os'))
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}; ` +
    `1 RTT = ${process.env.BENCH_LATENCY_MS ?? 25} ms injected per Proxmox call; ${((Date.now() - t0) / 1000).toFixed(0)} s in all\n`,
);
console.log(`| ${head.join(' | ')} |`);
console.log(`| ${head.map(() => '---').join(' | ')} |`);
for (const r of rows) console.log(`| ${cols.map((c) => esc(r[c])).join(' | ')} |`);
if (rows.length === 0) console.log('| (no figures: every bench failed) | | | | |');
