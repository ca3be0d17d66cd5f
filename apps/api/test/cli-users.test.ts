import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database.js';
import { UserStore } from '../src/db/users.js';

const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), 'labforge-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** The admin CLI as an operator runs it, against a data directory of its own. */
async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(
      'node',
      [
        '--import',
        'tsx',
        '--conditions=@labforge/source',
        'src/cli/main.ts',
        '--data-dir',
        dataDir,
        ...args,
      ],
      { cwd: join(import.meta.dirname, '..') },
    );
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: `${e.stdout}${e.stderr}` };
  }
}

describe('the users CLI', () => {
  it('adds a teacher with a display name, renames, clears it, and refuses control characters', async () => {
    const added = await cli(
      'users',
      'add',
      'ana',
      '--role',
      'teacher',
      '--password',
      'ana-password-12',
      '--display-name',
      'Ana Lima',
    );
    expect(added).toMatchObject({ code: 0 });
    expect(added.out).toContain('created teacher ana');
    expect((await cli('users', 'name', 'ana', 'Ana M. Lima')).out).toContain(
      'ana is shown as Ana M. Lima',
    );
    expect((await cli('users', 'list')).out).toContain('ana\tteacher\tAna M. Lima');
    const refused = await cli('users', 'name', 'ana', 'Ana\u0007');
    expect(refused.code).toBe(2);
    expect(refused.out).toContain('display_name must not contain control characters');
    expect((await cli('users', 'name', 'ana', '')).out).toContain('ana is shown as ana');
    const db = openDatabase(dataDir);
    try {
      expect(new UserStore(db).byUsername('ana')).toMatchObject({
        role: 'teacher',
        display_name: 'ana',
      });
    } finally {
      db.close();
    }
  }, 60_000);
});
