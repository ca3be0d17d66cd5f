import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export interface BundleFile {
  file: string;
  bytes: number;
  gzip: number;
}

/** The SPA's production build as the browser downloads it: every asset but source maps. */
export function measureBundle(
  dist = fileURLToPath(new URL('../../apps/web/dist', import.meta.url)),
): BundleFile[] {
  const files: BundleFile[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!name.endsWith('.map')) {
        const content = readFileSync(path);
        files.push({
          file: path.slice(dist.length + 1),
          bytes: content.length,
          gzip: gzipSync(content, { level: 9 }).length,
        });
      }
    }
  };
  walk(dist);
  return files.sort((a, b) => b.gzip - a.gzip);
}

export function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}
