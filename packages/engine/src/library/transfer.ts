import type { ChecksumAlgorithm } from '@labforge/contracts';
import { parseTransferProgress, PveTaskError, type TransferProgress } from '@labforge/pve-client';
import type { EngineEnv } from '../env.js';
import { BuilderError, isAbort, pveText } from '../errors/builder-error.js';
import { formatBytes } from '../util/sizes.js';

/** What an ISO add reports while Proxmox works (bytes from the task log, then the phase). */
export type TransferListener = (p: TransferProgress, line: string) => void;

/** How a finished add reads in the engine (the API adds `ok` and the job id). */
export interface IsoAddOutcome {
  volid: string;
  node: string;
  storage: string;
  shared: boolean;
  size: number;
  checksum_verified: boolean;
  checksum_algorithm?: ChecksumAlgorithm;
  upid?: string;
  warnings: string[];
}

export function progressText(p: TransferProgress): string {
  if (p.phase === 'verifying') return 'Checking the checksum';
  if (p.phase === 'copying') return 'Proxmox is copying the file into the storage';
  if (p.phase === 'done') return 'Finished';
  const of = p.total !== undefined ? ` of ${formatBytes(p.total)}` : '';
  const speed = p.bytesPerSecond ? ` at ${formatBytes(p.bytesPerSecond)}/s` : '';
  return `${formatBytes(p.bytes)}${of}${speed}`;
}

/**
 * Waits for a `download` or `imgcopy` task, feeding the listener with the progress its log
 * shows. Aborting stops the task (PVE then deletes its temporary file). A checksum mismatch is
 * the caller's file, not a Proxmox failure: 422 with PVE's words.
 */
export async function waitTransfer(
  env: EngineEnv,
  upid: string,
  opts: { signal?: AbortSignal | undefined; listener?: TransferListener; step: string },
): Promise<TransferProgress> {
  const lines: string[] = [];
  try {
    await env.client.tasks.wait(upid, {
      ...(opts.signal ? { signal: opts.signal, stopOnAbort: true } : {}),
      onLog: (batch) => {
        for (const l of batch) {
          lines.push(l.t);
          opts.listener?.(parseTransferProgress(lines), l.t);
        }
      },
    });
  } catch (err) {
    if (isAbort(err)) throw err;
    const text = pveText(err);
    if (err instanceof PveTaskError && /checksum mismatch/i.test(text)) {
      throw new BuilderError(
        422,
        `The file's checksum does not match (${text}); Proxmox kept nothing`,
        {
          step: opts.step,
          cause: err,
        },
      );
    }
    throw new BuilderError(502, `Proxmox could not store the ISO: ${text}`, {
      step: opts.step,
      cause: err,
    });
  }
  return parseTransferProgress(lines);
}
