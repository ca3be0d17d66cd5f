import { endpoints } from '@labforge/contracts';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { currentUser, resolveCluster } from '../plugins/auth.js';
import { getCard, listCards, setRetired, updateCard } from '../templates/service.js';
import { defineRoute } from './define-route.js';

/** The Templates page: cards, sharing, versions, retirement (rules in src/templates/). */
export function templateCardRoutes(app: FastifyInstance, ctx: AppContext): void {
  defineRoute(app, endpoints.listTemplateCards, async (req) => {
    const cluster = resolveCluster(req, ctx, req.query.cluster_id);
    const templates = await listCards(ctx, currentUser(req), cluster, req.query);
    return { ok: true as const, templates };
  });

  defineRoute(app, endpoints.listShareableTeachers, async (req) => {
    resolveCluster(req, ctx, req.query.cluster_id);
    const teachers = ctx.templateCards
      .teachers()
      .map((t) => ({ username: t.username, display_name: t.displayName }));
    return { ok: true as const, teachers };
  });

  defineRoute(app, endpoints.getTemplateCard, async (req) => {
    const cluster = resolveCluster(req, ctx, req.params.cluster_id);
    const template = await getCard(ctx, currentUser(req), cluster, req.params.vmid);
    return { ok: true as const, template, warnings: [] };
  });

  defineRoute(app, endpoints.updateTemplateCard, async (req) => {
    const cluster = resolveCluster(req, ctx, req.params.cluster_id);
    const out = await updateCard(ctx, currentUser(req), cluster, req.params.vmid, req.body);
    return { ok: true as const, template: out.card, warnings: out.warnings };
  });

  defineRoute(app, endpoints.retireTemplateCard, async (req) => {
    const cluster = resolveCluster(req, ctx, req.params.cluster_id);
    const template = await setRetired(ctx, currentUser(req), cluster, req.params.vmid, true);
    return { ok: true as const, template, warnings: [] };
  });

  defineRoute(app, endpoints.unretireTemplateCard, async (req) => {
    const cluster = resolveCluster(req, ctx, req.params.cluster_id);
    const template = await setRetired(ctx, currentUser(req), cluster, req.params.vmid, false);
    return { ok: true as const, template, warnings: [] };
  });
}
