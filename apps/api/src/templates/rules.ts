import type { StoredUser } from '../db/users.js';
import type { StoredCard } from '../db/template-cards.js';

/**
 * Who may see, use, edit and retire a template card. One rule, used by the list, the card
 * routes and `authoriseTemplateUse`:
 * - administrators: every card;
 * - a teacher: cards they made, cards shared with all teachers of the cluster, and cards shared
 *   with them by name; only the author edits or retires;
 * - nobody uses a retired card; students see none.
 */
export function maySee(card: StoredCard, user: StoredUser): boolean {
  if (user.role === 'admin') return true;
  if (user.role !== 'teacher') return false;
  if (card.author.userId === user.id) return true;
  if (card.visibility === 'teachers') return true;
  return card.visibility === 'named' && card.sharedWith.some((p) => p.userId === user.id);
}

export function mayEdit(card: StoredCard, user: StoredUser): boolean {
  return user.role === 'admin' || (user.role === 'teacher' && card.author.userId === user.id);
}

/** The refusal in words, naming the author ("This template is private to Ana"). */
export function hiddenReason(card: StoredCard): string {
  const who = card.author.displayName;
  if (card.visibility === 'named')
    return `This template is shared only with the teachers ${who} chose`;
  return `This template is private to ${who}`;
}

export function retiredReason(card: StoredCard): string {
  const by = card.retiredBy ? ` by ${card.retiredBy}` : '';
  const at = card.retiredAt ? ` on ${card.retiredAt.slice(0, 10)}` : '';
  return `This template was retired${by}${at}; ask its author or an administrator to bring it back, or use a newer version`;
}
