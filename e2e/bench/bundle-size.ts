import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export interface BundleFile {
  file: string;
  bytes: number;
  gzip: number;
}

const DIST = fileURLToPath(new URL('../../apps/web/dist', import.meta.url));

/** The SPA's production build as the browser downloads it: every asset but source maps. */
export function measureBundle(dist = DIST): BundleFile[] {
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

/** `/assets/x.js` (as index.html names it) -> `assets/x.js` (as measureBundle names it). */
const fromUrl = (url: string) => url.replace(/^\//, '');

/**
 * What the browser fetches before the first page can render: index.html, the entry script, its
 * `modulepreload` links and stylesheets, and (in case a link were missing) every chunk the entry
 * reaches through static imports. Dynamic `import("./page.js")` — the code-split pages and
 * noVNC — is left out: it is fetched when a page is first opened.
 */
export function firstLoadFiles(dist = DIST): Set<string> {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = new Set<string>(['index.html']);
  const scripts: string[] = [];
  for (const tag of html.match(/<(?:script|link)\b[^>]*>/g) ?? []) {
    const src = /\b(?:src|href)="([^"]+)"/.exec(tag)?.[1];
    if (!src?.startsWith('/assets/')) continue;
    if (/<script\b/.test(tag) || /rel="modulepreload"/.test(tag)) scripts.push(fromUrl(src));
    else if (/rel="stylesheet"/.test(tag)) files.add(fromUrl(src));
  }
  // Minified static imports: `from"./react-X.js"` or `import"./x.js"`; never `import("./x.js")`.
  const staticImport = /\bfrom\s*"(\.\/[^"]+\.js)"|\bimport\s*"(\.\/[^"]+\.js)"/g;
  while (scripts.length > 0) {
    const file = scripts.pop() ?? '';
    if (files.has(file)) continue;
    files.add(file);
    const code = readFileSync(join(dist, file), 'utf8');
    for (const m of code.matchAll(staticImport)) {
      const target = m[1] ?? m[2] ?? '';
      scripts.push(posix.join(posix.dirname(file), target));
    }
  }
  return files;
}

export function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}
