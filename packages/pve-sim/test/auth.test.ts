import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classroomCredentials, classroomSeed, type RunningSimulator } from '../src/index.js';
import { builder, call, login, noDownload, start } from './helpers.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await start();
});
afterAll(() => sim.close());

describe('POST /access/ticket', () => {
  it('issues a ticket and CSRF token in PVE format (form)', async () => {
    const res = await call(sim, 'POST', '/access/ticket', {
      form: { username: 'root@pam', password: classroomCredentials.root.password },
    });
    expect(res.status).toBe(200);
    expect(res.body.data.username).toBe('root@pam');
    expect(res.body.data.ticket).toMatch(/^PVE:root@pam:[0-9A-F]{8}::\S+$/);
    expect(res.body.data.CSRFPreventionToken).toMatch(/^[0-9A-F]{8}:\S{43}$/);
    expect(res.body.data.clustername).toBe('classroom');
    expect(res.body.data.cap.vms['VM.Allocate']).toBe(1);
  });

  it('accepts JSON bodies and a separate realm', async () => {
    const res = await call(sim, 'POST', '/access/ticket', {
      json: { username: 'labforge', realm: 'pve', password: classroomCredentials.user.password },
    });
    expect(res.status).toBe(200);
    expect(res.body.data.username).toBe('labforge@pve');
  });

  it('answers a wrong password with 401 authentication failure and a JSON body', async () => {
    const res = await call(sim, 'POST', '/access/ticket', {
      form: { username: 'root@pam', password: 'nope' },
    });
    expect(res.status).toBe(401);
    expect(res.reason).toBe('authentication failure');
    expect(res.body).toEqual({ data: null, message: 'authentication failure\n' });
  });

  it('renews a ticket when the password is a valid ticket', async () => {
    const { ticket } = await login(sim);
    const res = await call(sim, 'POST', '/access/ticket', {
      form: { username: 'root@pam', password: ticket },
    });
    expect(res.status).toBe(200);
    expect(res.body.data.ticket).toMatch(/^PVE:root@pam:/);
  });
});

describe('authentication layer', () => {
  it('401 No ticket with an empty body', async () => {
    const res = await call(sim, 'GET', '/nodes');
    expect(res.status).toBe(401);
    expect(res.reason).toBe('No ticket');
    expect(res.text).toBe('');
  });

  it('401 Authentication failed! for a bad token secret or unknown token', async () => {
    for (const auth of [
      { token: 'labforge@pve!builder', secret: 'wrong' },
      { token: 'labforge@pve!ghost', secret: 'x' },
    ]) {
      const res = await call(sim, 'GET', '/nodes', { auth });
      expect(res.status).toBe(401);
      expect(res.reason).toBe('Authentication failed!');
      expect(res.text).toBe('');
    }
  });

  it('requires CSRF for writes with a ticket but not for GET or tokens', async () => {
    const { ticket, csrf } = await login(sim);
    const get = await call(sim, 'GET', '/nodes', { auth: { ticket } });
    expect(get.status).toBe(200);
    const noCsrf = await call(sim, 'DELETE', '/nodes/pve1/qemu/101', { auth: { ticket } });
    expect(noCsrf.status).toBe(401);
    expect(noCsrf.reason).toBe('Permission denied - invalid csrf token');
    expect(noCsrf.text).toBe('');
    const withCsrf = await call(sim, 'POST', '/nodes/pve1/qemu/9999/foo', {
      auth: { ticket, csrf },
    });
    expect(withCsrf.status).toBe(501);
    const token = await call(sim, 'POST', '/nodes/pve1/qemu/9999/foo', { auth: builder });
    expect(token.status).toBe(501);
  });

  it('expires tickets after two hours of simulated time', async () => {
    const { ticket } = await login(sim);
    await call(sim, 'POST', '/_sim/clock', { json: { advance: 7000 } });
    expect((await call(sim, 'GET', '/version', { auth: { ticket } })).status).toBe(200);
    await call(sim, 'POST', '/_sim/clock', { json: { advance: 300 } });
    const res = await call(sim, 'GET', '/version', { auth: { ticket } });
    expect(res.status).toBe(401);
    expect(res.reason).toBe('Authentication failed!');
    const renew = await call(sim, 'POST', '/access/ticket', {
      form: { username: 'root@pam', password: ticket },
    });
    expect(renew.status).toBe(401);
  });
});

describe('privilege-separated tokens', () => {
  it('see the intersection of owner and token ACLs', async () => {
    const b = await call(sim, 'GET', '/access/permissions', {
      auth: builder,
      query: { path: '/nodes/pve1' },
    });
    expect(b.body.data['/nodes/pve1']['Sys.AccessNetwork']).toBe(1);
    const n = await call(sim, 'GET', '/access/permissions', {
      auth: noDownload,
      query: { path: '/nodes/pve1' },
    });
    expect(n.body.data['/nodes/pve1']['Sys.AccessNetwork']).toBeUndefined();
    expect(n.body.data['/nodes/pve1']['Sys.Audit']).toBe(1);
  });

  it('report each privilege with its propagate flag, as PVE does', async () => {
    const seed = structuredClone(classroomSeed);
    seed.users?.push(
      { userid: 'ana@pve', password: 'ana-password' },
      { userid: 'ben@pve', password: 'ben-password' },
    );
    seed.acl?.push(
      { path: '/pool', role: 'PVEPoolUser', ugid: 'ana@pve', propagate: false },
      { path: '/', role: 'PVEAuditor', ugid: 'ben@pve' },
    );
    const other = await start({ seed });
    try {
      const at = async (who: string, path: string) => {
        const { ticket } = await login(other, who, `${who.split('@')[0]}-password`);
        const res = await call(other, 'GET', '/access/permissions', {
          auth: { ticket },
          query: { path },
        });
        return res.body.data[path] as Record<string, number>;
      };
      // Ana's ACL on /pool does not propagate: 0 there, nothing below it.
      expect((await at('ana@pve', '/pool'))['Pool.Audit']).toBe(0);
      expect((await at('ana@pve', '/pool/class-2b'))['Pool.Audit']).toBeUndefined();
      // Ben's comes from / and propagates: 1 on /pool and below.
      expect((await at('ben@pve', '/pool'))['Pool.Audit']).toBe(1);
      expect((await at('ben@pve', '/pool/class-2b'))['Pool.Audit']).toBe(1);
    } finally {
      await other.close();
    }
  });

  it("lets a user read its own tokens' permissions but not other users'", async () => {
    const { ticket } = await login(sim, 'labforge@pve', classroomCredentials.user.password);
    const own = await call(sim, 'GET', '/access/permissions', {
      auth: { ticket },
      query: { userid: 'labforge@pve!nodownload', path: '/storage/local' },
    });
    expect(own.body.data['/storage/local']['Datastore.AllocateTemplate']).toBeUndefined();
    expect(own.body.data['/storage/local']['Datastore.AllocateSpace']).toBe(1);
    // The builder has Sys.Audit on / (PVEAuditor), which covers /access.
    const other = await call(sim, 'GET', '/access/permissions', {
      auth: builder,
      query: { userid: 'root@pam' },
    });
    expect(other.status).toBe(200);
  });

  it('get 403 with PVE text before parameter validation', async () => {
    const seed = structuredClone(classroomSeed);
    seed.users?.push({ userid: 'student@pve', password: 'student-pass' });
    seed.tokens?.push({ tokenid: 'student@pve!tok', secret: 'stud-secret', privsep: true });
    seed.acl?.push({ path: '/vms', role: 'PVEVMAdmin', ugid: 'student@pve!tok' });
    const other = await start({ seed });
    try {
      const auth = { token: 'student@pve!tok', secret: 'stud-secret' };
      const res = await call(other, 'GET', '/nodes/pve1/qemu/abc/config', { auth });
      expect(res.status).toBe(403);
      expect(res.reason).toBe('Permission check failed (/vms/abc, VM.Audit)');
      expect(res.body).toEqual({
        data: null,
        message: 'Permission check failed (/vms/abc, VM.Audit)\n',
      });
      const perms = await call(other, 'GET', '/access/permissions', {
        auth,
        query: { userid: 'root@pam' },
      });
      expect(perms.status).toBe(403);
      const list = await call(other, 'GET', '/cluster/resources', { auth, query: { type: 'vm' } });
      expect(list.body.data).toEqual([]);
    } finally {
      await other.close();
    }
  });
});

describe('root@pam tokens', () => {
  it('go through permission checks (privsep) and are not root for root-only options', async () => {
    const seed = structuredClone(classroomSeed);
    seed.tokens?.push({ tokenid: 'root@pam!sep', secret: 'sep-secret', privsep: true });
    seed.tokens?.push({ tokenid: 'root@pam!full', secret: 'full-secret', privsep: false });
    const other = await start({ seed });
    try {
      const sep = { token: 'root@pam!sep', secret: 'sep-secret' };
      const full = { token: 'root@pam!full', secret: 'full-secret' };
      const denied = await call(other, 'GET', '/nodes/pve1/qemu/100/config', { auth: sep });
      expect(denied.reason).toBe('Permission check failed (/vms/100, VM.Audit)');
      expect((await call(other, 'GET', '/nodes/pve1/qemu/100/config', { auth: full })).status).toBe(
        200,
      );
      const skip = await call(other, 'DELETE', '/nodes/pve1/qemu/9000', {
        auth: full,
        query: { skiplock: 1 },
      });
      expect(skip.body.errors).toEqual({ skiplock: 'Only root may use this option.' });
      const { ticket, csrf } = await login(other);
      const asRoot = await call(other, 'DELETE', '/nodes/pve1/qemu/9000', {
        auth: { ticket, csrf },
        query: { skiplock: 1 },
      });
      expect(asRoot.body.data).toMatch(/:qmdestroy:9000:root@pam:$/);
    } finally {
      await other.close();
    }
  });
});
