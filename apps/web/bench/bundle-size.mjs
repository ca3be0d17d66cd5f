// Prints the production bundle's size, raw and gzip, per asset and in total (run after `vite build`).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dir = new URL('../dist/assets/', import.meta.url).pathname;
let files;
try {
  files = readdirSync(dir).filter((f) => /\.(js|css)$/.test(f));
} catch {
  console.error('apps/web/dist is missing: run `pnpm --filter @labforge/web build` first');
  process.exit(1);
}
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
let raw = 0;
let gzip = 0;
for (const file of files.sort()) {
  const bytes = readFileSync(join(dir, file));
  const zipped = gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gzip += zipped;
  console.log(
    `${file.padEnd(32)} ${kib(bytes.length).padStart(11)} ${kib(zipped).padStart(11)} gzip`,
  );
}
console.log(
  `${'web bundle total'.padEnd(32)} ${kib(raw).padStart(11)} ${kib(gzip).padStart(11)} gzip`,
);
