import {
  displayNameSchema,
  passwordSchema,
  ROLES,
  usernameSchema,
  type Role,
} from '@labforge/contracts';
import { parseArgs } from 'node:util';
import { hashPassword } from '../auth/password.js';
import { randomSecret } from '../auth/secrets.js';
import { loadConfig } from '../config/load.js';
import { openDatabase } from '../db/database.js';
import { SessionStore } from '../db/sessions.js';
import { UserStore } from '../db/users.js';

const USAGE = `usage: labforge-api cli [--config FILE | --data-dir DIR] users <command>
  users add NAME [--role admin|teacher|student] [--password PW] [--display-name "Ana Lima"]
                                                   (a random password is printed if none)
  users list
  users passwd NAME [--password PW]                (revokes the user's sessions)
  users name NAME "Ana Lima"                       (the name people see; "" shows NAME again)`;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

function checkedDisplayName(raw: string): string {
  const checked = displayNameSchema.safeParse(raw);
  return checked.success ? checked.data : fail(checked.error.issues[0]?.message ?? 'invalid name');
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      config: { type: 'string', short: 'c' },
      'data-dir': { type: 'string' },
      role: { type: 'string', default: 'teacher' },
      password: { type: 'string' },
      'display-name': { type: 'string' },
    },
  });
  const [group, command, name, shownAs] = positionals;
  if (group !== 'users' || !command) fail(USAGE);
  let dataDir = values['data-dir'];
  let log2n = 17;
  if (!dataDir) {
    const config = loadConfig(values.config ? { path: values.config } : {});
    dataDir = config.data_dir;
    log2n = config.scrypt_log2n;
  }
  const db = openDatabase(dataDir);
  const users = new UserStore(db);
  try {
    if (command === 'list') {
      for (const u of users.list())
        console.log(`${u.username}\t${u.role}\t${u.display_name}${u.disabled ? '\tdisabled' : ''}`);
      return;
    }
    if (!name || !usernameSchema.safeParse(name).success)
      fail(`a valid user name is required\n${USAGE}`);
    if (command === 'name') {
      const user = users.byUsername(name) ?? fail(`no user ${name}`);
      if (shownAs === undefined) fail(USAGE);
      const shown = shownAs.trim() === '' ? null : checkedDisplayName(shownAs);
      users.setDisplayName(user.id, shown);
      console.log(`${name} is shown as ${shown ?? name}`);
      return;
    }
    const displayName =
      values['display-name'] !== undefined ? checkedDisplayName(values['display-name']) : undefined;
    const password = values.password ?? randomSecret(12);
    const checked = passwordSchema.safeParse(password);
    if (!checked.success) fail(checked.error.issues[0]?.message ?? 'invalid password');
    if (command === 'add') {
      const role = values.role as Role;
      if (!ROLES.includes(role)) fail(`--role must be one of ${ROLES.join(', ')}`);
      if (users.byUsername(name)) fail(`user ${name} exists already`);
      users.create({
        username: name,
        role,
        passwordHash: await hashPassword(password, log2n),
        displayName,
      });
      console.log(`created ${role} ${name}`);
    } else if (command === 'passwd') {
      const user = users.byUsername(name) ?? fail(`no user ${name}`);
      users.update(user.id, { passwordHash: await hashPassword(password, log2n) });
      new SessionStore(db, 0).revokeAllFor(user.id);
      console.log(`password of ${name} changed; their sessions are revoked`);
    } else {
      fail(USAGE);
    }
    if (!values.password) console.log(`password: ${password}`);
  } finally {
    db.close();
  }
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
