import { normaliseIsoName, type JobTypes } from '@labforge/contracts';
import type { EngineEnv } from '../env.js';
import { BuilderError, isAbort, pveText, stepError } from '../errors/builder-error.js';
import { planAdd, readAddFacts, type AddPlan } from '../library/add-checks.js';
import { progressText, waitTransfer, type IsoAddOutcome } from '../library/transfer.js';
import { StepRunner } from '../steps/step-runner.js';
import type { BuildContext } from '../types.js';
import { formatBytes } from '../util/sizes.js';

export type IsoDownloadRequest = JobTypes['iso-download']['request'];

/** The name to store: the one asked for, else the server's, else the URL's last segment. */
export function downloadName(req: IsoDownloadRequest, announced?: string): string {
  if (req.filename) return req.filename;
  const fromUrl = decodeURIComponent(new URL(req.url).pathname.split('/').pop() ?? '');
  return normaliseIsoName(announced || fromUrl);
}

/** The node asks the server first (query-url-metadata): name, size, type; then room and name. */
async function inspect(
  env: EngineEnv,
  run: StepRunner,
  req: IsoDownloadRequest,
  ctx: BuildContext,
): Promise<{ plan: AddPlan; size?: number }> {
  // The node that will download asks: choose the target without the size first. One fresh
  // listing serves both checks (each is a read of every ISO storage of the cluster); PVE's
  // download-url still refuses to replace a file that appeared in the meantime.
  const facts = await readAddFacts(env, 'inspect-url');
  const first = await planAdd(
    env,
    { action: 'download', storage: req.storage, node: req.node, step: 'inspect-url' },
    facts,
  );
  const node = first.node;
  let meta: { filename?: string; size?: number; mimetype?: string };
  try {
    meta = await env.client.storage.queryUrlMetadata(
      node,
      req.url,
      req.verify_certificates === false ? { 'verify-certificates': false } : {},
      { signal: ctx.signal },
    );
  } catch (err) {
    if (isAbort(err)) throw err;
    throw new BuilderError(422, `The link could not be used: ${pveText(err)}`, {
      step: 'inspect-url',
      cause: err,
    });
  }
  const filename = downloadName(req, meta.filename);
  const plan = await planAdd(
    env,
    {
      action: 'download',
      storage: first.target.storage,
      node,
      filename,
      size: meta.size,
      step: 'inspect-url',
    },
    facts,
  );
  if (meta.size === undefined)
    run.warn(
      'The server did not say how large the file is, so free space could not be checked first.',
    );
  return { plan, ...(meta.size !== undefined ? { size: meta.size } : {}) };
}

/**
 * Download an ISO by URL into a storage (download-url: the node fetches it and verifies the
 * checksum). Progress comes from the task log; cancelling stops the task, and PVE removes its
 * temporary file, so no partial ISO is left.
 */
export async function downloadIso(
  env: EngineEnv,
  req: IsoDownloadRequest,
  ctx: BuildContext,
): Promise<IsoAddOutcome> {
  const run = new StepRunner(ctx);
  const { plan, size } = await run.step(
    'inspect-url',
    () => inspect(env, run, req, ctx),
    (r) =>
      `${r.plan.filename}${r.size !== undefined ? `, ${formatBytes(r.size)}` : ''} into ${r.plan.target.storage}${r.plan.target.shared ? ' (shared)' : ` on ${r.plan.node}`}`,
  );
  const algorithm = req.checksum !== undefined ? (req.checksum_algorithm ?? 'sha256') : undefined;
  if (!algorithm)
    run.warn(
      'No checksum was given: Proxmox cannot check that the downloaded file is the one you meant.',
    );
  const upid = await run.step(
    'download-iso',
    async () => {
      let id: string;
      try {
        id = await env.client.storage.downloadUrl(plan.node, plan.target.storage, {
          url: req.url,
          content: 'iso',
          filename: plan.filename,
          ...(algorithm && req.checksum
            ? { checksum: req.checksum, 'checksum-algorithm': algorithm }
            : {}),
          ...(req.verify_certificates === false ? { 'verify-certificates': false } : {}),
        });
      } catch (err) {
        throw stepError('download-iso', 'Proxmox refused the download', err);
      }
      run.checkpoint({
        step: 'download-iso',
        node: plan.node,
        upid: id,
        volid: plan.volid,
        storage: plan.target.storage,
      });
      run.running('download-iso', 'Downloading', id);
      try {
        await waitTransfer(env, id, {
          step: 'download-iso',
          signal: ctx.signal,
          listener: (p) => {
            const fraction = p.percent !== undefined ? p.percent / 100 : undefined;
            run.emit({
              type: 'progress',
              step: 'download-iso',
              fraction: fraction ?? 0,
              detail: progressText(p),
              bytes: p.bytes,
              ...(p.total !== undefined ? { total: p.total } : {}),
              ...(p.bytesPerSecond !== undefined ? { bytesPerSecond: p.bytesPerSecond } : {}),
            });
          },
        });
      } finally {
        env.invalidateLibrary();
      }
      return id;
    },
    () =>
      algorithm
        ? `${plan.filename} downloaded, ${algorithm} checksum verified`
        : `${plan.filename} downloaded`,
  );
  run.checkpoint({ step: 'done', node: plan.node, upid, volid: plan.volid });
  // The stored size from the one storage that holds the file (one read); the cluster's ISO
  // listing is re-read meanwhile without holding the job, so the next Build form finds it warm.
  void env.inventory.list(true).catch(() => undefined);
  const stored = await env.reads
    .run(plan.node, () =>
      env.client.storage.content(plan.node, plan.target.storage, { content: 'iso' }),
    )
    .then((items) => items.find((i) => i.volid === plan.volid))
    .catch(() => undefined);
  return {
    volid: plan.volid,
    node: plan.node,
    storage: plan.target.storage,
    shared: plan.target.shared,
    size: stored?.size ?? size ?? 0,
    checksum_verified: algorithm !== undefined,
    ...(algorithm ? { checksum_algorithm: algorithm } : {}),
    upid,
    warnings: [...run.warnings],
  };
}
