import {
  OS_TYPE_LABELS,
  PVE_OSTYPE_LABELS,
  type OsType,
  type TemplateCard,
} from '@labforge/contracts';
import type { TemplateFacts } from '@labforge/engine';
import type { StoredCard } from '../db/template-cards.js';
import type { StoredUser } from '../db/users.js';
import { mayEdit } from './rules.js';

/** What a card keeps of its template's facts, shown while Proxmox cannot be read or the template is gone. */
export type KnownFacts = Pick<
  TemplateCard,
  'node' | 'name' | 'os_type' | 'hardware' | 'virtio_win' | 'base_storages'
>;

export function knownFacts(f: TemplateFacts): KnownFacts {
  return {
    node: f.node,
    name: f.name,
    os_type: f.record?.os_type || f.pve_ostype || 'other',
    hardware: f.hardware,
    virtio_win: f.virtio_win,
    base_storages: f.base_storages,
  };
}

export function storedFacts(card: StoredCard): KnownFacts | undefined {
  if (!card.facts) return undefined;
  try {
    return JSON.parse(card.facts) as KnownFacts;
  } catch {
    return undefined;
  }
}

export function osLabel(osType: string): string {
  return OS_TYPE_LABELS[osType as OsType] ?? PVE_OSTYPE_LABELS[osType] ?? osType;
}

/** Windows, Linux or other: what the OS filter's broad choices match. */
export function osFamily(osType: string): 'windows' | 'linux' | 'other' {
  if (/^(windows|win)/.test(osType)) return 'windows';
  if (osType === 'other' || osType === 'solaris') return 'other';
  return 'linux';
}

export interface FamilyIndex {
  /** family id -> the newest card's vmid and version */
  newest: Map<string, { vmid: number; version: number }>;
}

export function familyIndex(cards: readonly StoredCard[]): FamilyIndex {
  const newest = new Map<string, { vmid: number; version: number }>();
  for (const c of cards) {
    const top = newest.get(c.familyId);
    if (!top || c.version > top.version)
      newest.set(c.familyId, { vmid: c.vmid, version: c.version });
  }
  return { newest };
}

/** The card as the API publishes it to this user. */
export function cardView(
  card: StoredCard,
  facts: KnownFacts | undefined,
  missing: boolean,
  families: FamilyIndex,
  user: StoredUser,
): TemplateCard {
  const top = families.newest.get(card.familyId) ?? { vmid: card.vmid, version: card.version };
  const os = facts?.os_type ?? 'other';
  const editable = mayEdit(card, user);
  const retired = card.retiredAt !== null;
  return {
    cluster_id: card.clusterId,
    vmid: card.vmid,
    node: facts?.node ?? '',
    name: facts?.name ?? `VM ${card.vmid}`,
    os_type: os,
    os_label: osLabel(os),
    hardware: facts?.hardware ?? null,
    virtio_win: facts?.virtio_win ?? null,
    base_storages: facts?.base_storages ?? [],
    author: { username: card.author.username, display_name: card.author.displayName },
    created_at: card.createdAt,
    source: card.source,
    description: card.description,
    tags: card.tags,
    family: {
      id: card.familyId,
      version: card.version,
      latest_version: top.version,
      newest: top.version <= card.version,
      ...(top.version > card.version ? { replaced_by: top } : {}),
    },
    visibility: card.visibility,
    shared_with: card.sharedWith.map((p) => ({
      username: p.username,
      display_name: p.displayName,
    })),
    retired,
    ...(card.retiredAt ? { retired_at: card.retiredAt } : {}),
    ...(card.retiredBy ? { retired_by: card.retiredBy } : {}),
    missing,
    can: { use: !retired && !missing, edit: editable, retire: editable },
  };
}

/** The list's search: every word of `q` somewhere in the card; OS by type or family; tag exact. */
export function matches(
  card: TemplateCard,
  q: { q?: string | undefined; os?: string | undefined; tag?: string | undefined },
): boolean {
  if (q.tag && !card.tags.includes(q.tag.trim().toLowerCase())) return false;
  if (q.os) {
    const os = q.os.trim().toLowerCase();
    if (os !== card.os_type && os !== osFamily(card.os_type)) return false;
  }
  if (q.q) {
    const text = [
      card.name,
      card.description,
      card.os_label,
      card.os_type,
      card.author.username,
      card.author.display_name,
      String(card.vmid),
      ...card.tags,
    ]
      .join(' ')
      .toLowerCase();
    for (const word of q.q.toLowerCase().split(/\s+/).filter(Boolean))
      if (!text.includes(word)) return false;
  }
  return true;
}
