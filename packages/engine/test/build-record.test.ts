import { describe, expect, it } from 'vitest';
import { formatDescription, hasLabforgeTag, parseDescription } from '../src/vm/build-record.js';
import { KeyedLimiter, mapLimit, SingleFlight } from '../src/util/concurrency.js';

describe('build record', () => {
  it('round-trips through the VM description and strips control characters', () => {
    const text = formatDescription({
      built_by: 'alice\nbuilt_at: forged',
      built_at: '2026-11-25T20:00:00.000Z',
      iso_file: 'local:iso/debian.iso',
      os_type: 'debian',
      job_id: 'job-1',
    });
    expect(text.split('\n')).toHaveLength(6);
    expect(parseDescription(text)).toEqual({
      built_by: 'alice built_at: forged',
      built_at: '2026-11-25T20:00:00.000Z',
      iso_file: 'local:iso/debian.iso',
      os_type: 'debian',
      job_id: 'job-1',
    });
    expect(parseDescription('hand made')).toBeUndefined();
    expect(hasLabforgeTag('foo;labforge')).toBe(true);
    expect(hasLabforgeTag('labforgex')).toBe(false);
  });
});

describe('concurrency helpers', () => {
  it('bounds parallelism and keeps order', async () => {
    let active = 0;
    let peak = 0;
    const out = await mapLimit([1, 2, 3, 4, 5, 6], 2, async (n) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 2));
      active--;
      return n * 2;
    });
    expect(out).toEqual([2, 4, 6, 8, 10, 12]);
    expect(peak).toBe(2);
  });

  it('limits per key and shares in-flight work', async () => {
    const limiter = new KeyedLimiter(1);
    const order: string[] = [];
    const job = (k: string, id: string) =>
      limiter.run(k, async () => {
        order.push(`start ${id}`);
        await new Promise((r) => setTimeout(r, 2));
        order.push(`end ${id}`);
      });
    await Promise.all([job('a', '1'), job('a', '2'), job('b', '3')]);
    expect(order.indexOf('end 1')).toBeLessThan(order.indexOf('start 2'));
    const flight = new SingleFlight<number>();
    let calls = 0;
    const f = () => flight.run('k', async () => ++calls);
    expect(await Promise.all([f(), f()])).toEqual([1, 1]);
  });
});
