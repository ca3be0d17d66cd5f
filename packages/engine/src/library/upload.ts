import type { Readable } from 'node:stream';
import type { ChecksumAlgorithm } from '@labforge/contracts';
import type { EngineEnv } from '../env.js';
import { BuilderError, isAbort, stepError } from '../errors/builder-error.js';
import { planAdd } from './add-checks.js';
import { waitTransfer, type IsoAddOutcome, type TransferListener } from './transfer.js';

export interface IsoUploadInput {
  storage: string;
  node?: string | undefined;
  filename: string;
  /** Exact byte count of `stream` (Proxmox needs the Content-Length up front). */
  size: number;
  stream: Readable;
  checksum?: string | undefined;
  checksumAlgorithm?: ChecksumAlgorithm | undefined;
  signal?: AbortSignal | undefined;
  /** Bytes handed on to Proxmox so far. */
  onSent?: (sent: number, total: number) => void;
  /** Proxmox's own copy and checksum, from the imgcopy task log. */
  onTask?: TransferListener;
  /** Called once every check passed, just before the first byte goes to Proxmox. */
  onAccepted?: (where: { node: string; storage: string; volid: string }) => void;
}

/**
 * An upload from the browser, streamed: checks (name, room, existing file, privileges) first,
 * then the stream goes to pveproxy as it arrives (pveproxy spools it to /var/tmp/pveupload-*,
 * then an `imgcopy` task verifies the checksum and copies it into the storage).
 */
export async function uploadIso(env: EngineEnv, p: IsoUploadInput): Promise<IsoAddOutcome> {
  const plan = await planAdd(env, {
    action: 'upload',
    storage: p.storage,
    node: p.node,
    filename: p.filename,
    size: p.size,
  });
  const algorithm = p.checksum !== undefined ? (p.checksumAlgorithm ?? 'sha256') : undefined;
  p.onAccepted?.({ node: plan.node, storage: plan.target.storage, volid: plan.volid });
  let upid: string;
  try {
    upid = await env.client.storageFiles.uploadToStorage({
      node: plan.node,
      storage: plan.target.storage,
      content: 'iso',
      filename: plan.filename,
      stream: p.stream,
      size: p.size,
      ...(algorithm && p.checksum ? { checksum: p.checksum, checksumAlgorithm: algorithm } : {}),
      ...(p.onSent ? { onProgress: (x) => p.onSent?.(x.sent, x.total) } : {}),
      ...(p.signal ? { signal: p.signal } : {}),
    });
  } catch (err) {
    if (isAbort(err)) throw new BuilderError(409, 'The upload was cancelled', { step: 'upload' });
    throw stepError('upload', 'Sending the file to Proxmox failed', err);
  } finally {
    env.inventory.invalidate();
  }
  await waitTransfer(env, upid, { step: 'upload', ...(p.onTask ? { listener: p.onTask } : {}) });
  env.invalidateLibrary();
  const warnings =
    algorithm === undefined
      ? ['No checksum was given, so nobody checked that the file arrived intact.']
      : [];
  return {
    volid: plan.volid,
    node: plan.node,
    storage: plan.target.storage,
    shared: plan.target.shared,
    size: p.size,
    checksum_verified: algorithm !== undefined,
    ...(algorithm ? { checksum_algorithm: algorithm } : {}),
    upid,
    warnings,
  };
}
