import { describe, expect, it } from 'vitest';
import { BuilderError } from '../src/index.js';
import {
  linkedCloneRefusal,
  planDeploy,
  type DeployPlanInput,
  type TemplateFacts,
} from '../src/placement/deploy-plan.js';

const GiB = 1024 ** 3;
const node = (name: string, freeGiB: number, status = 'online') => ({
  id: `node/${name}`,
  type: 'node',
  node: name,
  status,
  maxmem: 64 * GiB,
  mem: (64 - freeGiB) * GiB,
});
const storage = (id: string, n: string, plugintype: string, shared: boolean, freeGiB = 500) => ({
  id: `storage/${n}/${id}`,
  type: 'storage',
  node: n,
  storage: id,
  plugintype,
  shared: (shared ? 1 : 0) as 0 | 1,
  content: 'images',
  status: 'available',
  maxdisk: 1000 * GiB,
  disk: (1000 - freeGiB) * GiB,
});
const template = (storageId: string, volume: string): TemplateFacts => ({
  vmid: 9100,
  node: 'pve1',
  name: 'tpl',
  memoryBytes: 2 * GiB,
  disks: [
    {
      key: 'scsi0',
      volid: `${storageId}:${volume}`,
      storage: storageId,
      volume,
      sizeBytes: 8 * GiB,
    },
  ],
  bridges: ['vmbr0'],
  tags: [],
});
const all = ['pve1', 'pve2', 'pve3'];
const input = (over: Partial<DeployPlanInput>): DeployPlanInput => ({
  template: template('nfs', '9100/base-9100-disk-0.raw'),
  nodes: [node('pve1', 40), node('pve2', 40), node('pve3', 40)],
  storages: all.flatMap((n) => [
    storage('nfs', n, 'nfs', true),
    storage('local-lvm', n, 'lvmthin', false),
  ]),
  bridges: new Map(all.map((n) => [n, ['vmbr0']])),
  clone: undefined,
  storage: undefined,
  allowed: undefined,
  count: 9,
  ...over,
});

function refusal(fn: () => unknown): BuilderError {
  try {
    fn();
  } catch (err) {
    if (err instanceof BuilderError) return err;
  }
  throw new Error('expected a BuilderError');
}

describe('deploy planning', () => {
  it('spreads linked clones of a shared template over every node', () => {
    const plan = planDeploy(input({}));
    expect(plan.clone).toBe('linked');
    const per = (n: string) => plan.targets.filter((t) => t.node === n).length;
    expect(all.map(per)).toEqual([3, 3, 3]);
    expect(new Set(plan.targets.map((t) => t.storageKey))).toEqual(new Set(['nfs']));
  });

  it('says why a linked clone is impossible: thick LVM, or a disk that is no base volume', () => {
    const lvm = input({
      template: template('thick', 'vm-9100-disk-0'),
      storages: [storage('thick', 'pve1', 'lvm', false)],
    });
    expect(linkedCloneRefusal(lvm.template, lvm.storages)).toContain(
      "storage 'thick' (LVM), which cannot make linked clones",
    );
    const notBase = template('local-lvm', 'vm-9100-disk-0');
    expect(linkedCloneRefusal(notBase, input({}).storages)).toContain('not a template base disk');
    const e = refusal(() => planDeploy({ ...lvm, clone: 'linked' }));
    expect([e.status, Object.keys(e.details?.fields as object)]).toEqual([422, ['clone']]);
  });

  it('keeps clones of a local template on its node and explains the others', () => {
    const plan = planDeploy(input({ template: template('local-lvm', 'base-9100-disk-0') }));
    expect(new Set(plan.targets.map((t) => t.node))).toEqual(new Set(['pve1']));
    expect(plan.targets[0]?.storageKey).toBe('pve1/local-lvm');
    expect(plan.verdicts.find((v) => v.node === 'pve2')?.reasons[0]).toContain(
      'clones stay on pve1',
    );
  });

  it('leaves out offline nodes, nodes without the bridge, and nodes not allowed', () => {
    const plan = planDeploy(
      input({
        nodes: [node('pve1', 40), node('pve2', 40, 'offline'), node('pve3', 40)],
        bridges: new Map([
          ['pve1', ['vmbr0']],
          ['pve3', ['vmbr1']],
        ]),
      }),
    );
    expect(new Set(plan.targets.map((t) => t.node))).toEqual(new Set(['pve1']));
    expect(plan.verdicts.find((v) => v.node === 'pve3')?.reasons).toEqual([
      "bridge 'vmbr0' does not exist on this node",
    ]);
    const only = planDeploy(input({ allowed: ['pve3'] }));
    expect(new Set(only.targets.map((t) => t.node))).toEqual(new Set(['pve3']));
  });

  it('full clones to another node need a shared target storage, and room for every copy', () => {
    const local = planDeploy(input({ clone: 'full', storage: 'local-lvm' }));
    expect(new Set(local.targets.map((t) => t.node))).toEqual(new Set(['pve1']));
    const e = refusal(() =>
      planDeploy(
        input({
          clone: 'full',
          storage: 'nfs',
          count: 3,
          storages: all.map((n) => storage('nfs', n, 'nfs', true, 20)),
        }),
      ),
    );
    expect(e.message).toContain('Not enough room for 3 full clones');
  });
});
