import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOfficialApi, officialSchemaPath } from '../src/conformance/index.js';
import { classroomSeed, type RunningSimulator } from '../src/index.js';
import { apiRoutes } from '../src/routes/api2/index.js';
import { call, start } from './helpers.js';

const schemaPath = officialSchemaPath();
const api = schemaPath ? loadOfficialApi(schemaPath) : undefined;
if (!api)
  console.warn(
    'permissions-official: ../shared/pve-api/apidata.json not found (set PVE_API_SCHEMA); skipping',
  );

const VALUES: Record<string, string> = { node: 'pve1', vmid: '100', storage: 'local' };
const fill = (template: string): string =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => VALUES[k] ?? k);

/** `check => ['perm', path, [privs], any => 1]` only; compound checks are tested elsewhere. */
function simplePerm(
  permissions: unknown,
): { path: string; privs: string[]; any: boolean } | undefined {
  const check = (permissions as { check?: unknown[] } | undefined)?.check;
  if (
    !Array.isArray(check) ||
    check[0] !== 'perm' ||
    typeof check[1] !== 'string' ||
    !Array.isArray(check[2])
  )
    return undefined;
  return { path: check[1], privs: check[2] as string[], any: check[3] === 'any' };
}

describe.skipIf(!api)('declarative permissions follow the official schema', () => {
  let sim: RunningSimulator;
  const auth = { token: 'nobody@pve!none', secret: 'no-privs' };
  beforeAll(async () => {
    const seed = structuredClone(classroomSeed);
    seed.users?.push({ userid: 'nobody@pve' });
    seed.tokens?.push({ tokenid: auth.token, secret: auth.secret, privsep: true });
    sim = await start({ seed });
  });
  afterAll(() => sim.close());

  it('every simple perm check answers 403 with PVE text before validation', async () => {
    let checked = 0;
    for (const route of apiRoutes) {
      const def = api?.find((d) => d.method === route.method && d.path === route.path);
      expect(def, `${route.method} ${route.path} exists in apidata.json`).toBeDefined();
      const perm = simplePerm(def?.permissions);
      if (!perm) continue;
      const res = await call(sim, route.method, fill(route.path), { auth });
      const detail = `${fill(perm.path)}, ${perm.any ? perm.privs.join('|') : perm.privs[0]}`;
      expect(res.status, `${route.method} ${route.path}`).toBe(403);
      expect(res.body?.message, `${route.method} ${route.path}`).toBe(
        `Permission check failed (${detail})\n`,
      );
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(10);
  });

  it('routes open to every user have no declarative check of their own', () => {
    const open = apiRoutes.filter((r) => {
      const p = api?.find((d) => d.method === r.method && d.path === r.path)?.permissions as
        { user?: string } | undefined;
      return p?.user === 'all' || p?.user === 'world';
    });
    const withCheck = open.filter((r) => r.check).map((r) => `${r.method} ${r.path}`);
    // /access/permissions checks only the "other user" case (Sys.Audit on /access), as PVE's code does.
    expect(withCheck).toEqual(['GET /access/permissions']);
  });
});
