import { die, paramError } from '../../http/errors.js';
import { type ApiRoute, type RouteContext, str } from '../../http/route.js';
import { requirePrivs } from '../../state/permissions.js';
import { identityName } from '../../state/types.js';
import { isFileStorage } from '../../state/volume-names.js';
import { imgcopyWorker } from '../../workers/imgcopy.js';
import { EXTENSIONS, normalizeFilename } from './download.js';
import { requireStorageOnNode } from './storage.js';

/** pve-storage PVE/API2/Storage/Status.pm `upload`, after pveproxy stored the body. */
function upload(ctx: RouteContext): unknown {
  const s = ctx.sim;
  const node = str(ctx.params.node) ?? '';
  const def = requireStorageOnNode(s, str(ctx.params.storage) ?? '', node);
  if (!isFileStorage(def)) throw die(`can't upload to storage type '${def.type}'\n`);
  const content = str(ctx.params.content) ?? '';
  const received = ctx.upload;
  if (!received) {
    const tmp = str(ctx.params.tmpfilename);
    if (!tmp) throw die('missing temporary file name\n');
    throw die(`temporary file '${tmp}' does not exist\n`);
  }
  const filename = normalizeFilename(str(ctx.params.filename) ?? '');
  if (!(EXTENSIONS[content] ?? /$^/).test(filename))
    throw paramError({
      filename:
        content === 'import' ? 'invalid filename or wrong extension' : 'wrong file extension',
    });
  if (!def.content.includes(content as never))
    throw die(`storage '${def.id}' does not support '${content}' content\n`);
  // Not the node pveproxy runs on: PVE scp's the file there after `pvesm status` over SSH.
  const target = s.state.nodes.get(node);
  if (!target)
    throw die(
      `hostname lookup '${node}' failed - failed to get address info for: ${node}: Name or service not known\n`,
    );
  if (!target.online)
    throw die(
      `can't activate storage '${def.id}' on node '${node}': command '/usr/bin/ssh -e none -o BatchMode=yes -o HostKeyAlias=${node} root@${node} -- /usr/sbin/pvesm status --storage ${def.id}' failed: exit code 255\n`,
    );
  const algorithm = str(ctx.params['checksum-algorithm']);
  const checksum = str(ctx.params.checksum);
  const task = s.tasks.start(
    {
      node,
      type: 'imgcopy',
      id: '',
      user: identityName(ctx.id),
      ...(ctx.injectedTaskError ? { injectedError: ctx.injectedTaskError } : {}),
    },
    imgcopyWorker(s, {
      node,
      storage: def.id,
      volname: `${content === 'iso' ? 'iso' : content}/${filename}`,
      tmpfilename: received.tmpfilename,
      size: received.size,
      digests: received.digests,
      ...(received.data ? { data: received.data } : {}),
      ...(checksum && algorithm ? { checksum: { algorithm, value: checksum } } : {}),
    }),
  );
  return task.upid;
}

export const uploadRoutes: ApiRoute[] = [
  {
    method: 'POST',
    path: '/nodes/{node}/storage/{storage}/upload',
    upload: true,
    check: (ctx) =>
      requirePrivs(ctx.sim.state, ctx.id, `/storage/${str(ctx.params.storage)}`, [
        'Datastore.AllocateTemplate',
      ]),
    handler: upload,
  },
];
