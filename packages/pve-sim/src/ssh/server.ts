import type { Simulator } from '../simulator.js';

export interface SshServerHandle {
  port: number;
  hostKeyFingerprint: string;
  close(): Promise<void>;
}

/** Placeholder until the SSH server lands. */
export async function startSshServer(
  _sim: Simulator,
  _opts: { port: number; host: string },
): Promise<SshServerHandle> {
  throw new Error('SSH server not implemented yet');
}
