import type { FaultEffect, FaultRule } from '../control/faults.js';
import type { Simulator } from '../simulator.js';

/** A fault that answers (or drops) instead of PVE, before anything is handled. */
export type Intercept = Extract<FaultEffect, { type: 'drop' } | { type: 'status' }>;

/** What the matching fault rules do to one request, in the order the rules fired. */
export interface FaultPlan {
  /** Injected latency ahead of handling (runs on the executing node's worker, if it gets one). */
  beforeMs: number;
  intercept?: Intercept;
  injectedTaskError?: string;
  /** Response held this long after handling, then sent (or dropped). */
  afterMs: number;
  /** The handler runs to the end, then the connection goes away without an answer. */
  dropAfter: false | 'close' | 'reset';
}

/**
 * Applies the immediate side effects (node offline, storage full, storage lock held) and sums up
 * the rest. Rules
 * after an intercepting one do nothing, as the request never gets further.
 */
export function planFaults(s: Simulator, rules: FaultRule[], apiPath: string): FaultPlan {
  const plan: FaultPlan = { beforeMs: 0, afterMs: 0, dropAfter: false };
  for (const rule of rules) {
    const e = rule.effect;
    if (e.type === 'delay') {
      if (e.when === 'after') plan.afterMs += e.ms;
      else plan.beforeMs += e.ms;
    } else if (e.type === 'task-error') plan.injectedTaskError = e.message;
    else if (e.type === 'node-offline') {
      const node = e.node ?? rule.node ?? /^\/nodes\/([^/]+)/.exec(apiPath)?.[1];
      const n = node ? s.state.nodes.get(node) : undefined;
      if (n) n.online = false;
    } else if (e.type === 'storage-full') {
      for (const pool of s.state.pools.values()) {
        if (pool.storage !== e.storage) continue;
        if (e.node && pool.key.includes('/') && pool.key !== `${e.storage}/${e.node}`) continue;
        pool.used = pool.total;
      }
    } else if (e.type === 'storage-lock') {
      // Someone else (another node, a slow lvcreate) holds the storage lock for `ms` simulated ms.
      const def = s.state.storages.get(e.storage);
      const node = e.node ?? rule.node ?? /^\/nodes\/([^/]+)/.exec(apiPath)?.[1] ?? '';
      if (def) s.storageLocks.holdFor(def, node, s.scaled(e.ms));
    } else if (e.type === 'drop' && e.when === 'after')
      plan.dropAfter = e.reset ? 'reset' : 'close';
    else {
      plan.intercept = e;
      break;
    }
  }
  return plan;
}
