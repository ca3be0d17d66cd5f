import type { GuestState, VmState } from '../state/types.js';
import { runProgram, runShell } from './linux-shell.js';
import { runPowerShell } from './powershell.js';
import type { GuestEnv, GuestRun } from './types.js';

/**
 * guest-exec inside the simulated guest: which programs exist and what they print. Linux guests
 * have /bin/sh, /bin/bash (and their /usr/bin paths) plus the builtins run directly; Windows guests
 * have powershell(.exe) and hostname(.exe). Returns undefined when the program does not exist (QGA
 * then fails the command).
 */
export function runInGuest(
  vm: VmState,
  guest: GuestState,
  argv: string[],
  input: string,
): GuestRun | undefined {
  const env: GuestEnv = {
    hostname: String(vm.config.name ?? `VM${vm.vmid}`),
    osRelease: guest.osinfo,
  };
  const path = argv[0] ?? '';
  const args = argv.slice(1);
  if (guest.os === 'windows') {
    const base = path.replace(/^.*[\\/]/, '').toLowerCase();
    if (
      base === 'powershell.exe' ||
      base === 'powershell' ||
      base === 'pwsh.exe' ||
      base === 'pwsh'
    )
      return runPowerShell(env, args, input);
    if (base === 'hostname.exe' || base === 'hostname')
      return { stdout: `${env.hostname}\r\n`, stderr: '', exitcode: 0, durationMs: 50 };
    return undefined;
  }
  const shell = /^(?:\/usr)?\/bin\/(sh|bash|dash)$|^(sh|bash|dash)$/.exec(path);
  if (shell) {
    const name = shell[1] ?? shell[2];
    return runShell(name === 'bash' ? 'bash' : 'sh', env, args, input);
  }
  return runProgram(env, argv, input);
}

/** QGA's spawn failure text (GLib g_spawn error) for a program that does not exist. */
export function spawnError(path: string): string {
  return `Guest agent command failed, error was 'Failed to execute child process \u201c${path}\u201d (No such file or directory)'`;
}
