/** `before` (default): ahead of any handling; `after`: once the handler has run to the end. */
export type FaultTiming = 'before' | 'after';

export type FaultEffect =
  | { type: 'delay'; ms: number; when?: FaultTiming }
  | { type: 'status'; status: number; reason?: string; body?: unknown }
  /** `reset`: TCP RST (the client reads ECONNRESET) instead of a plain close. */
  | { type: 'drop'; when?: FaultTiming; reset?: boolean }
  | { type: 'task-error'; message: string }
  | { type: 'node-offline'; node?: string }
  | { type: 'storage-full'; storage: string; node?: string }
  | { type: 'storage-lock'; storage: string; node?: string; ms: number };

export interface FaultRuleInput {
  method?: string;
  /** Glob over the API path without /api2/json: `*` = one segment's characters, `**` = anything. */
  path: string;
  node?: string;
  probability?: number;
  count?: number;
  effect: FaultEffect;
}

export interface FaultRule extends FaultRuleInput {
  id: number;
  hits: number;
}

/** Compiled once per pattern: matching runs on every request. */
const compiled = new Map<string, RegExp>();

function globToRegex(glob: string): RegExp {
  const hit = compiled.get(glob);
  if (hit) return hit;
  if (compiled.size > 1000) compiled.clear();
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  const body = escaped
    .split('**')
    .map((part) => part.replace(/\*/g, '[^/]*'))
    .join('.*');
  const re = new RegExp(`^${body}$`);
  compiled.set(glob, re);
  return re;
}

/** Ordered fault rules; every matching rule with count left fires, in order. */
export class FaultEngine {
  rules: FaultRule[] = [];
  private nextId = 1;

  add(input: FaultRuleInput): FaultRule {
    const rule: FaultRule = { ...input, id: this.nextId++, hits: 0 };
    this.rules.push(rule);
    return rule;
  }

  clear(): void {
    this.rules = [];
  }

  match(method: string, path: string, random: () => number = Math.random): FaultRule[] {
    const fired: FaultRule[] = [];
    for (const rule of this.rules) {
      if (rule.method && rule.method.toUpperCase() !== method) continue;
      if (!globToRegex(rule.path).test(path)) continue;
      if (rule.node && !path.startsWith(`/nodes/${rule.node}/`) && path !== `/nodes/${rule.node}`)
        continue;
      if (rule.count !== undefined && rule.hits >= rule.count) continue;
      if (rule.probability !== undefined && random() >= rule.probability) continue;
      rule.hits++;
      fired.push(rule);
    }
    return fired;
  }
}
