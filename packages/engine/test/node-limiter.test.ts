import { describe, expect, it } from 'vitest';
import { NodeReadLimiter } from '../src/util/node-limiter.js';

/** A read that stays in flight until released, counting how many run at once per node. */
function harness() {
  const active = new Map<string, number>();
  const peak = new Map<string, number>();
  let total = 0;
  let peakTotal = 0;
  const releases: Array<() => void> = [];
  const read = (node: string) => () =>
    new Promise<string>((resolve) => {
      active.set(node, (active.get(node) ?? 0) + 1);
      peak.set(node, Math.max(peak.get(node) ?? 0, active.get(node) ?? 0));
      peakTotal = Math.max(peakTotal, ++total);
      releases.push(() => {
        active.set(node, (active.get(node) ?? 1) - 1);
        total--;
        resolve(node);
      });
    });
  const drain = async (): Promise<void> => {
    while (releases.length) {
      releases.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { read, drain, peak, peakTotal: () => peakTotal };
}

describe('NodeReadLimiter', () => {
  it('keeps at most perNode reads per node and total over all nodes', async () => {
    const h = harness();
    const limiter = new NodeReadLimiter({ perNode: 2, total: 5 });
    const nodes = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c', 'd'];
    const all = Promise.all(nodes.map((n) => limiter.run(n, h.read(n))));
    await new Promise((r) => setImmediate(r));
    expect(h.peakTotal()).toBe(5);
    await h.drain();
    expect(await all).toEqual(nodes);
    expect(Math.max(...h.peak.values())).toBe(2);
    expect(h.peakTotal()).toBe(5);
  });

  it('a read waiting for its busy node holds no global slot', async () => {
    const h = harness();
    const limiter = new NodeReadLimiter({ perNode: 1, total: 2 });
    const all = Promise.all(['a', 'a', 'a', 'b'].map((n) => limiter.run(n, h.read(n))));
    await new Promise((r) => setImmediate(r));
    // `b` runs next to the first `a` although two more `a` reads were asked for before it.
    expect(h.peak.get('b')).toBe(1);
    await h.drain();
    await all;
  });

  it('counts reads asked for per node and orders candidates least busy first', async () => {
    const h = harness();
    const limiter = new NodeReadLimiter({ perNode: 3 });
    const pending = [limiter.run('a', h.read('a')), limiter.run('a', h.read('a'))];
    pending.push(limiter.run('b', h.read('b')));
    expect(limiter.load('a')).toBe(2);
    expect(limiter.leastBusy(['a', 'b', 'c'])).toEqual(['c', 'b', 'a']);
    expect(limiter.leastBusy(['b', 'c'])).toEqual(['c', 'b']);
    await h.drain();
    await Promise.all(pending);
    expect(limiter.load('a')).toBe(0);
    expect(limiter.leastBusy(['b', 'a'])).toEqual(['b', 'a']);
  });

  it('refuses limits that are not positive integers', () => {
    expect(() => new NodeReadLimiter({ perNode: 0 })).toThrow(/reads per node/);
    expect(() => new NodeReadLimiter({ total: 1.5 })).toThrow(/reads in total/);
  });
});
