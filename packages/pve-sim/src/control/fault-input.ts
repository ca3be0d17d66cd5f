import type { FaultRuleInput } from './faults.js';

/** Why a posted fault rule cannot be used, or undefined when it can. */
export function faultRuleProblem(rule: FaultRuleInput | undefined): string | undefined {
  if (
    !rule ||
    typeof rule.path !== 'string' ||
    !rule.effect ||
    typeof rule.effect.type !== 'string'
  )
    return 'fault rule needs path and effect.type';
  const e = rule.effect as { type: string; when?: unknown; ms?: unknown };
  if (e.when !== undefined) {
    if (e.type !== 'delay' && e.type !== 'drop')
      return `effect.when is only for delay and drop, not ${e.type}`;
    if (e.when !== 'before' && e.when !== 'after') return 'effect.when must be "before" or "after"';
  }
  if (e.type === 'delay' && (typeof e.ms !== 'number' || !Number.isFinite(e.ms) || e.ms < 0))
    return 'delay needs ms, a non-negative number';
  return undefined;
}
