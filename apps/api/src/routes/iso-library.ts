import { endpoints, type LibraryIso } from '@labforge/contracts';
import type { LocatedIso } from '@labforge/engine';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { addPolicy, authoriseIsoAdd, mayAddIsos, mayRemoveIso } from '../access/iso-access.js';
import { ApiError } from '../http/api-error.js';
import { currentUser, resolveCluster } from '../plugins/auth.js';
import { defineRoute } from './define-route.js';
import { accepted, failure, wantsAsync } from './job-answers.js';
import { receiveUpload } from './iso-upload.js';

/** The provenance key of a library entry: shared storage has one file for every node. */
const provenanceNode = (iso: { shared: boolean; node: string }): string =>
  iso.shared ? '' : iso.node;

export function isoLibraryRoutes(app: FastifyInstance, ctx: AppContext): void {
  defineRoute(app, endpoints.getIsoLibrary, async (req) => {
    const cluster = resolveCluster(req, ctx, req.query.cluster_id);
    const user = currentUser(req);
    const view = await cluster.engine.isoLibrary();
    const records = new Map(
      ctx.isoProvenance.list(cluster.id).map((p) => [`${p.volid}|${p.node}`, p]),
    );
    const isos: LibraryIso[] = view.isos.map((iso) => {
      const p = records.get(`${iso.volid}|${provenanceNode(iso)}`);
      return {
        ...iso,
        ...(p ? { added_by: p.addedBy, added_at: p.addedAt } : {}),
        ...(p?.checksum && p.checksumAlgorithm
          ? { checksum: { algorithm: p.checksumAlgorithm, value: p.checksum } }
          : {}),
        removable: mayRemoveIso(user, p),
      };
    });
    const may = mayAddIsos(ctx, user, cluster.id);
    return {
      ok: true as const,
      isos,
      targets: view.targets,
      nodes: view.nodes,
      virtio: view.virtio,
      access: {
        add_policy: addPolicy(ctx, cluster.id),
        may_add: may.ok,
        ...(may.reason ? { reason: may.reason } : {}),
      },
      upload_max_bytes: ctx.config.iso_upload_max_bytes,
      fetched_at: view.fetched_at,
    };
  });

  defineRoute(app, endpoints.downloadIso, async (req, reply) => {
    const cluster = resolveCluster(req, ctx, req.body.cluster_id ?? req.query.cluster_id);
    const user = currentUser(req);
    authoriseIsoAdd(ctx, user, cluster.id);
    const { async: _a, cluster_id: _c, ...request } = req.body;
    const job = ctx.runner.submit({
      kind: 'iso-download',
      clusterId: cluster.id,
      user: user.username,
      request,
    });
    if (wantsAsync(req, req.body.async)) return accepted(reply, job);
    const settled = await ctx.runner.wait(job.id);
    const done = settled.job;
    if (done.status !== 'succeeded' || done.kind !== 'iso-download' || !done.result)
      throw failure(settled);
    return done.result;
  });

  // Multipart bodies reach only this route, unparsed: the handler streams them to Proxmox.
  void app.register((scope, _opts, next) => {
    scope.addContentTypeParser('multipart/form-data', (_req, _payload, done) => done(null));
    defineRoute(scope, endpoints.uploadIso, async (req, reply) => {
      const cluster = resolveCluster(req, ctx, req.query.cluster_id);
      const user = currentUser(req);
      try {
        authoriseIsoAdd(ctx, user, cluster.id);
      } catch (err) {
        reply.header('connection', 'close');
        req.raw.resume();
        throw err;
      }
      const out = await receiveUpload(req, reply, cluster, ctx.config.iso_upload_max_bytes);
      ctx.isoProvenance.record({
        clusterId: cluster.id,
        volid: out.result.volid,
        node: out.result.shared ? '' : out.result.node,
        addedBy: user.username,
        source: 'upload',
        ...(out.checksum && out.result.checksum_algorithm
          ? { checksum: out.checksum, checksumAlgorithm: out.result.checksum_algorithm }
          : {}),
      });
      ctx.audit.record({
        actor: user.username,
        action: 'iso-upload',
        target: `${cluster.id}/${out.result.volid}`,
        outcome: 'ok',
        detail: `${out.result.size} bytes${out.result.checksum_verified ? `, ${out.result.checksum_algorithm} verified` : ', no checksum'}`,
      });
      return { ok: true as const, ...out.result };
    });
    next();
  });

  defineRoute(app, endpoints.removeIso, async (req) => {
    const cluster = resolveCluster(req, ctx, req.query.cluster_id);
    const user = currentUser(req);
    const where = {
      storage: req.params.storage,
      name: req.params.name,
      ...(req.query.node ? { node: req.query.node } : {}),
    };
    // One locate: the engine finds the ISO, asks this rule, then checks its references.
    let located: LocatedIso | undefined;
    let refusal: ApiError | undefined;
    const authorise = (iso: LocatedIso): void => {
      located = iso;
      const p = ctx.isoProvenance.find(cluster.id, iso.volid, provenanceNode(iso));
      if (mayRemoveIso(user, p)) return;
      refusal = new ApiError(
        403,
        p
          ? `Only administrators and ${p.addedBy}, who added it, may remove ${req.params.name}`
          : `Only administrators may remove ${req.params.name}: it was not added through LabForge`,
      );
      throw refusal;
    };
    const audit = (volid: string, outcome: 'ok' | 'error', detail?: string) =>
      ctx.audit.record({
        actor: user.username,
        action: 'iso-remove',
        target: `${cluster.id}/${volid}`,
        outcome,
        ...(detail !== undefined ? { detail } : {}),
      });
    try {
      const out = await cluster.engine.removeIso({ ...where, authorise });
      // `authorise` has run: the engine removes nothing before it.
      ctx.isoProvenance.remove(cluster.id, out.volid, provenanceNode(located!));
      audit(out.volid, 'ok');
      return { ok: true as const, ...out };
    } catch (err) {
      // An ISO not found is nothing to audit (as before).
      if (located)
        audit(
          located.volid,
          'error',
          err === refusal
            ? 'not an admin and not who added it'
            : err instanceof Error
              ? err.message
              : String(err),
        );
      throw err;
    }
  });

  defineRoute(app, endpoints.pinVirtio, async (req) => {
    const cluster = resolveCluster(req, ctx, req.query.cluster_id);
    const user = currentUser(req);
    ctx.isoProvenance.setPin(cluster.id, req.body, user.username);
    const { filename } = cluster.engine.pinVirtio(req.body);
    ctx.audit.record({
      actor: user.username,
      action: 'virtio-pin',
      target: cluster.id,
      outcome: 'ok',
      detail: `${req.body.url} sha256 ${req.body.sha256}`,
    });
    return { ok: true as const, pin: req.body, filename };
  });

  defineRoute(app, endpoints.unpinVirtio, async (req) => {
    const cluster = resolveCluster(req, ctx, req.query.cluster_id);
    const user = currentUser(req);
    ctx.isoProvenance.setPin(cluster.id, undefined, user.username);
    const { filename } = cluster.engine.pinVirtio(undefined);
    ctx.audit.record({
      actor: user.username,
      action: 'virtio-unpin',
      target: cluster.id,
      outcome: 'ok',
    });
    return { ok: true as const, pin: null, filename };
  });

  defineRoute(app, endpoints.fetchVirtio, async (req, reply) => {
    const cluster = resolveCluster(req, ctx, req.query.cluster_id);
    const user = currentUser(req);
    const source = cluster.engine.virtioSource();
    const job = ctx.runner.submit({
      kind: 'iso-download',
      clusterId: cluster.id,
      user: user.username,
      request: {
        url: source.url,
        filename: source.filename,
        purpose: 'virtio',
        ...(source.sha256
          ? { checksum: source.sha256, checksum_algorithm: 'sha256' as const }
          : {}),
      },
    });
    return accepted(reply, job);
  });
}
