/**
 * Interprets a task's exitstatus as PVE does (pve-common PVE/Tools.pm upid_status_is_error):
 * 'OK' and 'WARNINGS: n' are success, everything else is the error text.
 */
export type ExitVerdict = { ok: true; warnings: number } | { ok: false; message: string };

export function interpretExitStatus(exitstatus: string | undefined): ExitVerdict {
  if (exitstatus === 'OK') return { ok: true, warnings: 0 };
  const m = /^WARNINGS: (\d+)$/.exec(exitstatus ?? '');
  if (m) return { ok: true, warnings: Number(m[1]) };
  return { ok: false, message: exitstatus || 'unexpected status' };
}
