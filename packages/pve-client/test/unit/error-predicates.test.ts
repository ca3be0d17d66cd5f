import { describe, expect, it } from 'vitest';
import {
  PveHttpError,
  PveNetworkError,
  PveTaskError,
  isAgentNotConfigured,
  isAlreadyExists,
  isDoesNotExist,
  isExistingFileRefusal,
  isLockTimeout,
  isNodeUnreachable,
  pveErrorText,
  pveStatusOf,
} from '../../src/index.js';

const http = (status: number, detail: string, errors?: Record<string, string>) =>
  new PveHttpError({
    status,
    reason: detail.split('\n')[0] ?? '',
    detail,
    ...(errors ? { errors } : {}),
  });
const task = (exitstatus: string) =>
  new PveTaskError({
    upid: 'UPID:pve1:1:1:1:qmcreate:100:root@pam:',
    node: 'pve1',
    type: 'qmcreate',
    exitstatus,
  });

describe('Proxmox error predicates', () => {
  it('tell an agent that is not configured from one that is not running yet', () => {
    expect(isAgentNotConfigured(http(500, 'No QEMU guest agent configured\n'))).toBe(true);
    expect(isAgentNotConfigured(http(500, 'QEMU guest agent is not running\n'))).toBe(false);
    expect(isAgentNotConfigured(task('No QEMU guest agent configured'))).toBe(false);
  });

  it('recognise PVE texts on HTTP and task errors alike', () => {
    expect(isAlreadyExists(http(500, "VM 100 already exists on node 'pve1'\n"))).toBe(true);
    expect(isAlreadyExists(task('unable to create VM 100 - VM 100 already exists'))).toBe(true);
    const lock = "can't lock file '/var/lock/qemu-server/lock-100.conf' - got timeout";
    expect(isLockTimeout(http(500, lock))).toBe(true);
    expect(isLockTimeout(task(lock))).toBe(true);
    expect(
      isDoesNotExist(
        http(500, "Configuration file 'nodes/pve1/qemu-server/9.conf' does not exist"),
      ),
    ).toBe(true);
    expect(isDoesNotExist(http(404, 'Not Found'))).toBe(true);
    expect(isExistingFileRefusal(task("refusing to override existing file '/x.iso'"))).toBe(true);
  });

  it('never match other errors or plain Errors carrying the same words', () => {
    expect(isAlreadyExists(new Error('already exists'))).toBe(false);
    expect(isLockTimeout(http(500, 'unable to create VM'))).toBe(false);
    expect(isDoesNotExist(http(403, 'Permission check failed'))).toBe(false);
    expect(isNodeUnreachable(http(500, 'x'))).toBe(false);
  });

  it('read status and text the way PVE gave them', () => {
    expect(
      isNodeUnreachable(
        new PveNetworkError('no route', { status: 595, reason: 'no route to host' }),
      ),
    ).toBe(true);
    expect(pveStatusOf(http(400, 'Parameter verification failed.'))).toBe(400);
    expect(pveStatusOf(new Error('x'))).toBeUndefined();
    expect(pveErrorText(http(400, 'Parameter verification failed.', { vmid: 'invalid ' }))).toBe(
      'Parameter verification failed. (vmid: invalid)',
    );
    expect(pveErrorText(task('OK but no'))).toBe('OK but no');
    expect(pveErrorText('plain')).toBe('plain');
  });
});
