import { describe, expect, it } from 'vitest';
import { PveHttpError, PveTaskError, redact, redactValue } from '../../src/index.js';

const TICKET = 'PVE:labforge@pve:65F1A2B3::aGVsbG8gd29ybGQgc2lnbmF0dXJlK2FuZC9zbGFzaA==';

describe('redaction', () => {
  it('masks tickets, token secrets, cookies, CSRF tokens and password fields', () => {
    const text = [
      `ticket ${TICKET} used`,
      'Authorization: PVEAPIToken=labforge@pve!builder=5a1d0c7e-3b9f-4c2a-9e61-7f4b2d8c9a10',
      `Cookie: PVEAuthCookie=${encodeURIComponent(TICKET)}`,
      'CSRFPreventionToken: 65F1A2B3:Zm9vYmFyYmF6cXV4',
      'username=root%40pam&password=hunter2hunter2&realm=pam',
      '{"password":"s3cret-value","user":"x"}',
    ].join('\n');
    const out = redact(text);
    for (const secret of ['aGVsbG8', '5a1d0c7e', 'hunter2', 's3cret', 'Zm9vYmFy']) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('labforge@pve!builder'); // the id is not a secret
    expect(out).toContain('username=root%40pam');
  });

  it('masks literal known secrets anywhere', () => {
    expect(redact('login with Tr0ub4dor&3 failed', ['Tr0ub4dor&3'])).toBe(
      'login with <redacted> failed',
    );
  });

  it('masks secret-named keys in structured values', () => {
    expect(
      redactValue({ user: 'a', password: 'x', nested: { Authorization: 'y', ok: TICKET } }),
    ).toEqual({
      user: 'a',
      password: '<redacted>',
      nested: { Authorization: '<redacted>', ok: 'PVE:<redacted>' },
    });
  });

  it('applies to error messages, reasons and JSON', () => {
    const err = new PveHttpError({
      status: 500,
      reason: `bad ticket ${TICKET}`,
      method: 'POST',
      path: '/access/ticket',
      secrets: ['mypassword123'],
      detail: 'password mypassword123 rejected',
    });
    expect(err.message).not.toContain('mypassword123');
    expect(err.reason).not.toContain('aGVsbG8');
    expect(JSON.stringify(err)).not.toMatch(/mypassword123|aGVsbG8/);
    expect(err.stack).not.toContain('mypassword123');
    const task = new PveTaskError({
      upid: 'u',
      node: 'n',
      type: 'download',
      exitstatus: `x ${TICKET}`,
    });
    expect(task.exitstatus).not.toContain('aGVsbG8');
  });
});
