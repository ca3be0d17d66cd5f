import type { TemplateCard, TemplateCardUpdate } from '@labforge/contracts';
import { toErrorBody, type TemplateFacts } from '@labforge/engine';
import type { ClusterHandle } from '../clusters/handle.js';
import type { AppContext } from '../context.js';
import type { StoredCard } from '../db/template-cards.js';
import type { StoredUser } from '../db/users.js';
import { ApiError, fieldError } from '../http/api-error.js';
import {
  cardView,
  familyIndex,
  knownFacts,
  matches,
  storedFacts,
  type FamilyIndex,
} from './card-view.js';
import { hiddenReason, maySee, mayEdit } from './rules.js';

export interface ListQuery {
  q?: string | undefined;
  os?: string | undefined;
  tag?: string | undefined;
  include_retired?: boolean | undefined;
}

/**
 * Cards for VMs recorded in vm_owners that are templates but have none (made before cards
 * existed, converted by hand, or assigned by an administrator): the owner becomes the author.
 */
function backfillFromOwners(ctx: AppContext, clusterId: string, facts: readonly TemplateFacts[]) {
  const templates = new Set(facts.map((f) => f.vmid));
  for (const owner of ctx.vmOwners.list({ clusterId })) {
    if (!templates.has(owner.vmid) || ctx.templateCards.get(clusterId, owner.vmid)) continue;
    const user = ctx.users.byUsername(owner.username);
    ctx.templateCards.recordMade({
      clusterId,
      vmid: owner.vmid,
      userId: user?.id ?? null,
      username: owner.username,
      source: 'recorded',
      jobId: owner.job_id ?? null,
    });
  }
}

/**
 * A template recorded as someone's (built before cards existed, or assigned by an admin) gets its
 * card the first time anyone reads it: deploying from it must not depend on the Templates list
 * having been opened first.
 */
export async function ensureCard(ctx: AppContext, cluster: ClusterHandle, vmid: number) {
  if (ctx.templateCards.get(cluster.id, vmid) || !ctx.vmOwners.get(cluster.id, vmid)) return;
  backfillFromOwners(ctx, cluster.id, await cluster.engine.templates.facts([vmid]));
}

/**
 * Reads Proxmox for every card of the cluster (and every owned VM, for the backfill), keeps the
 * facts on the cards, and answers each card with its facts and whether Proxmox still has it.
 * When Proxmox cannot be read at all, the cards show their last known facts (not missing).
 */
async function loadCluster(
  ctx: AppContext,
  cluster: ClusterHandle,
): Promise<{ cards: StoredCard[]; facts: Map<number, TemplateFacts> | undefined }> {
  const known = ctx.templateCards.list(cluster.id).map((c) => c.vmid);
  const owned = ctx.vmOwners.list({ clusterId: cluster.id }).map((o) => o.vmid);
  let facts: Map<number, TemplateFacts> | undefined;
  try {
    const read = await cluster.engine.templates.facts([...new Set([...known, ...owned])]);
    facts = new Map(read.map((f) => [f.vmid, f]));
    backfillFromOwners(ctx, cluster.id, read);
  } catch {
    facts = undefined;
  }
  const cards = ctx.templateCards.list(cluster.id);
  if (facts)
    for (const c of cards) {
      const f = facts.get(c.vmid);
      if (f) ctx.templateCards.saveFacts(c.clusterId, c.vmid, JSON.stringify(knownFacts(f)));
    }
  return { cards, facts };
}

function view(
  card: StoredCard,
  facts: Map<number, TemplateFacts> | undefined,
  families: FamilyIndex,
  user: StoredUser,
): TemplateCard {
  const live = facts?.get(card.vmid);
  const missing = facts !== undefined && live === undefined;
  return cardView(card, live ? knownFacts(live) : storedFacts(card), missing, families, user);
}

export async function listCards(
  ctx: AppContext,
  user: StoredUser,
  cluster: ClusterHandle,
  query: ListQuery,
): Promise<TemplateCard[]> {
  const { cards, facts } = await loadCluster(ctx, cluster);
  const families = familyIndex(cards);
  return cards
    .filter((c) => maySee(c, user) && (query.include_retired === true || c.retiredAt === null))
    .map((c) => view(c, facts, families, user))
    .filter((c) => matches(c, query))
    .sort((a, b) => a.name.localeCompare(b.name) || b.family.version - a.family.version);
}

/** The card, or the refusal: 404 without a card, 403 (audited) when the user may not see it. */
export function visibleCard(
  ctx: AppContext,
  user: StoredUser,
  clusterId: string,
  vmid: number,
  action = 'see',
): StoredCard {
  const card = ctx.templateCards.get(clusterId, vmid);
  if (!card) throw new ApiError(404, `VM ${vmid} has no template card in LabForge`, { vmid });
  if (maySee(card, user)) return card;
  refuse(ctx, user, clusterId, vmid, action, hiddenReason(card));
}

export function refuse(
  ctx: AppContext,
  user: StoredUser,
  clusterId: string,
  vmid: number,
  action: string,
  message: string,
  status = 403,
): never {
  ctx.audit.record({
    actor: user.username,
    action: 'template-access-refused',
    target: `template ${clusterId}/${vmid}`,
    outcome: 'error',
    detail: `${action}: ${message}`,
  });
  throw new ApiError(status, message, { vmid, cluster_id: clusterId });
}

export async function getCard(
  ctx: AppContext,
  user: StoredUser,
  cluster: ClusterHandle,
  vmid: number,
): Promise<TemplateCard> {
  visibleCard(ctx, user, cluster.id, vmid);
  const { cards, facts } = await loadCluster(ctx, cluster);
  const card = cards.find((c) => c.vmid === vmid) as StoredCard;
  return view(card, facts, familyIndex(cards), user);
}

function editableCard(
  ctx: AppContext,
  user: StoredUser,
  clusterId: string,
  vmid: number,
  action: string,
): StoredCard {
  const card = visibleCard(ctx, user, clusterId, vmid, action);
  if (!mayEdit(card, user))
    refuse(
      ctx,
      user,
      clusterId,
      vmid,
      action,
      `Only ${card.author.displayName} (who made this template) or an administrator can ${action} it`,
    );
  return card;
}

function shareTargets(ctx: AppContext, usernames: readonly string[], authorId: string | null) {
  const teachers = new Map(ctx.templateCards.teachers().map((t) => [t.username.toLowerCase(), t]));
  const ids: string[] = [];
  for (const name of usernames) {
    const t = teachers.get(name.toLowerCase());
    if (!t) throw fieldError('shared_with', `no teacher is called ${name}`);
    if (t.userId && t.userId !== authorId) ids.push(t.userId);
  }
  return ids;
}

/** Applies a PATCH; description/tags changes are then written into Proxmox (warnings if not). */
export async function updateCard(
  ctx: AppContext,
  user: StoredUser,
  cluster: ClusterHandle,
  vmid: number,
  patch: TemplateCardUpdate,
): Promise<{ card: TemplateCard; warnings: string[] }> {
  const card = editableCard(ctx, user, cluster.id, vmid, 'change');
  const changed: string[] = [];
  let family: { id: string; version: number } | undefined;
  if (patch.version_of !== undefined) {
    if (patch.version_of === null) {
      family = { id: `${cluster.id}/${vmid}`, version: 1 };
    } else {
      if (patch.version_of === vmid)
        throw fieldError('version_of', 'a template cannot be a version of itself');
      const older = visibleCard(ctx, user, cluster.id, patch.version_of, 'make a version of');
      if (older.familyId === card.familyId)
        throw fieldError('version_of', `this template already is a version of ${older.vmid}`, 409);
      family = {
        id: older.familyId,
        version: ctx.templateCards.latestVersion(cluster.id, older.familyId) + 1,
      };
    }
    changed.push('version');
  }
  const visibility = patch.visibility ?? card.visibility;
  const shares =
    visibility !== 'named'
      ? []
      : patch.shared_with !== undefined
        ? shareTargets(ctx, patch.shared_with, card.author.userId)
        : card.sharedWith.flatMap((p) => (p.userId ? [p.userId] : []));
  if (patch.visibility !== undefined) changed.push('visibility');
  if (patch.shared_with !== undefined) changed.push('shared_with');
  if (patch.description !== undefined) changed.push('description');
  if (patch.tags !== undefined) changed.push('tags');
  const tags = patch.tags ? [...new Set(patch.tags)] : undefined;
  ctx.db.transaction(() => {
    ctx.templateCards.update(cluster.id, vmid, {
      ...(patch.description !== undefined ? { description: patch.description.trim() } : {}),
      ...(tags ? { tags } : {}),
      ...(patch.visibility !== undefined ? { visibility } : {}),
      ...(family ? { family } : {}),
    });
    ctx.templateCards.setShares(cluster.id, vmid, shares);
  })();
  const warnings: string[] = [];
  const notesChanged =
    (patch.description !== undefined && patch.description.trim() !== card.description) ||
    (tags !== undefined && tags.join(';') !== card.tags.join(';'));
  if (notesChanged) {
    const now = ctx.templateCards.get(cluster.id, vmid) as StoredCard;
    try {
      await cluster.engine.templates.writeNotes(vmid, {
        notes: now.description,
        tags: now.tags,
        previousTags: card.tags,
      });
    } catch (err) {
      warnings.push(
        `Saved in LabForge, but Proxmox was not updated: ${toErrorBody(err, { clusterId: cluster.id }).body.error}`,
      );
    }
  }
  ctx.audit.record({
    actor: user.username,
    action: 'template-update',
    target: `template ${cluster.id}/${vmid}`,
    outcome: 'ok',
    detail: [changed.join(', ') || 'nothing', ...warnings].join('; '),
  });
  return { card: await getCard(ctx, user, cluster, vmid), warnings };
}

export async function setRetired(
  ctx: AppContext,
  user: StoredUser,
  cluster: ClusterHandle,
  vmid: number,
  retire: boolean,
): Promise<TemplateCard> {
  const card = editableCard(ctx, user, cluster.id, vmid, retire ? 'retire' : 'bring back');
  if (retire === (card.retiredAt !== null))
    throw new ApiError(
      409,
      retire ? 'This template is already retired' : 'This template is not retired',
      { vmid },
    );
  ctx.templateCards.setRetired(cluster.id, vmid, retire ? user.username : null);
  ctx.audit.record({
    actor: user.username,
    action: retire ? 'template-retire' : 'template-unretire',
    target: `template ${cluster.id}/${vmid}`,
    outcome: 'ok',
  });
  return getCard(ctx, user, cluster, vmid);
}

/** A job made a template (built with convert_to_template, bulk items, or finalised). */
export function recordTemplateMade(
  ctx: Pick<AppContext, 'templateCards' | 'users'>,
  job: { id: string; cluster_id: string; created_by: string },
  vmid: number,
  source: 'built' | 'finalised',
): void {
  const user = ctx.users.byUsername(job.created_by);
  ctx.templateCards.recordMade({
    clusterId: job.cluster_id,
    vmid,
    userId: user?.id ?? null,
    username: job.created_by,
    source,
    jobId: job.id,
  });
}
