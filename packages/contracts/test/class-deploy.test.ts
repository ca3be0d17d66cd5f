import { describe, expect, it } from 'vitest';
import { classVmNames, deployClassRequestSchema, studentNameToVmName } from '../src/index.js';

describe('class VM names', () => {
  it('pads {nn} to the class size, at least two digits', () => {
    expect(classVmNames({ count: 3, name_pattern: 'lab-{nn}' })).toEqual({
      ok: true,
      names: ['lab-01', 'lab-02', 'lab-03'],
    });
    const big = classVmNames({ count: 100, name_pattern: 'pc{nn}' });
    expect(big.ok && [big.names[0], big.names[99]]).toEqual(['pc001', 'pc100']);
    const plain = classVmNames({ count: 10, name_pattern: 'vm{n}' });
    expect(plain.ok && plain.names[9]).toBe('vm10');
  });

  it('turns student names into VM names and refuses duplicates', () => {
    expect(studentNameToVmName('  Zoë  Ångström-Smith ')).toBe('zoe-angstrom-smith');
    expect(classVmNames({ names: ['Ana', 'Bo'], name_pattern: 'net-{name}' })).toEqual({
      ok: true,
      names: ['net-ana', 'net-bo'],
    });
    expect(classVmNames({ names: ['Ana Li', 'ana  li'] })).toMatchObject({
      ok: false,
      field: 'names',
      message: expect.stringContaining('ana-li') as string,
    });
    expect(classVmNames({ names: ['!!!'] })).toMatchObject({ ok: false, field: 'names.0' });
  });

  it('the request names the field of every problem', () => {
    const fields = (body: unknown) => {
      const r = deployClassRequestSchema.safeParse(body);
      return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
    };
    expect(fields({ count: 3, name_pattern: 'lab-{nn}' })).toEqual([]);
    expect(fields({ count: 3 })).toEqual(['name_pattern']);
    expect(fields({ count: 101, name_pattern: 'a{n}' })).toContain('count');
    expect(fields({ count: 2, name_pattern: 'a{n}', names: ['x'] })).toEqual(['count']);
    expect(fields({ count: 2, name_pattern: 'a{n}', storage: 'local-lvm' })).toEqual(['storage']);
    expect(fields({ count: 2, name_pattern: 'a{n}', clone: 'full', storage: 'local-lvm' })).toEqual(
      [],
    );
    expect(fields({ count: 2, name_pattern: 'a{n}', tags: ['has space'] })).toEqual(['tags.0']);
    expect(fields({ count: 2, name_pattern: '-{n}' })).toEqual(['name_pattern']);
  });
});
