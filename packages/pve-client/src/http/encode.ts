import type { Params } from '../types.js';

/**
 * Parameter encoding as the PVE GUI and proxmoxer send it: form-urlencoded bodies for
 * POST/PUT, query strings for GET/DELETE. PVE's form parser accepts only "1"/"0" for
 * booleans, so booleans are converted; undefined/null values are omitted; arrays become repeated
 * keys, which pve-http-server collects into an array parameter.
 */
export function encodeParams(params: Params | undefined): string {
  const search = new URLSearchParams();
  if (!params) return '';
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'object') for (const item of value) search.append(key, item);
    else if (typeof value === 'boolean') search.append(key, value ? '1' : '0');
    else if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new TypeError(`parameter '${key}' is not a finite number`);
      search.append(key, String(value));
    } else search.append(key, value);
  }
  return search.toString();
}

/** '/nodes/pve1/qemu' -> '/api2/json/nodes/pve1/qemu'; each segment is kept as given. */
export function apiPath(path: string): string {
  if (!path.startsWith('/')) throw new TypeError(`API path must start with '/': ${path}`);
  return `/api2/json${path}`;
}

/**
 * Encodes one dynamic path segment (node names, storage ids, UPIDs). ':' and '@' are legal
 * in a path segment (RFC 3986 pchar) and are left readable, as proxmoxer sends UPIDs;
 * '/', '?', '#', '%' and spaces are escaped so a value can never change the path.
 */
export function seg(value: string | number): string {
  const text = String(value);
  if (text === '' || text === '.' || text === '..') {
    throw new TypeError(`invalid path segment: '${text}'`);
  }
  return encodeURIComponent(text).replace(/%3A/gi, ':').replace(/%40/g, '@');
}
