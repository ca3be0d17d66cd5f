import type { Upid } from './types.js';

// PVE's own UPID regex (pve-common PVE/UPID.pm): node, pid, pstart (8-9 hex), starttime,
// type, id (may be empty), user, and the mandatory trailing colon.
const UPID_RE =
  /^UPID:([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):([^:\s/]+):([^:\s/]*):([^:\s/]+):$/;

export class UpidParseError extends Error {
  override name = 'UpidParseError';
}

export function parseUpid(upid: string): Upid {
  const m = UPID_RE.exec(upid);
  if (!m) throw new UpidParseError(`unable to parse worker upid '${upid.slice(0, 200)}'`);
  const [, node, , pid, pstart, starttime, type, id, userField] = m as unknown as string[];
  const bang = userField!.indexOf('!');
  const base: Upid = {
    upid,
    node: node!,
    pid: parseInt(pid!, 16),
    pstart: parseInt(pstart!, 16),
    starttime: parseInt(starttime!, 16),
    type: type!,
    id: id!,
    user: bang === -1 ? userField! : userField!.slice(0, bang),
  };
  return bang === -1 ? base : { ...base, tokenid: userField!.slice(bang + 1) };
}

export function isUpid(value: unknown): value is string {
  return typeof value === 'string' && UPID_RE.test(value);
}
