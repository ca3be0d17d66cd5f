import { die, paramError } from '../../http/errors.js';
import { type ApiRoute, type RouteContext, bool, str } from '../../http/route.js';
import { requirePrivs } from '../../state/permissions.js';
import { identityName } from '../../state/types.js';
import { isFileStorage, volumePath } from '../../state/volume-names.js';
import { downloadWorker } from '../../workers/download.js';
import { requireNetworkAccess } from './query-url.js';
import { requireStorageOnNode } from './storage.js';

/** pve-storage ISO_EXT_RE_0, VZTMPL_EXT_RE_1 (plain .tar too), UPLOAD_IMPORT_EXT_RE_1. */
export const EXTENSIONS: Record<string, RegExp> = {
  iso: /[^/]\.(iso|img)$/i,
  vztmpl: /[^/]\.(tar|tar\.(gz|xz|zst|bz2))$/i,
  import: /[a-zA-Z0-9\-.+=_]\.(ova|qcow2|raw|vmdk)$/,
};

/** Path stripped, everything outside [a-zA-Z0-9_.-] replaced by '_' (pve-storage normalize). */
export function normalizeFilename(name: string): string {
  const base = name.replace(/\n$/, '').split(/[/\\]/).pop() ?? '';
  return base.replace(/[^a-zA-Z0-9_.-]/g, '_');
}

function downloadUrl(ctx: RouteContext): unknown {
  const s = ctx.sim;
  const node = str(ctx.params.node) ?? '';
  const def = requireStorageOnNode(s, str(ctx.params.storage) ?? '', node);
  const content = str(ctx.params.content) ?? 'iso';
  if (!isFileStorage(def))
    throw die(`can't upload to storage type '${def.type}', not a file based storage!\n`);
  if (!def.content.includes(content as never))
    throw die(`storage '${def.id}' is not configured for content-type '${content}'\n`);
  const filename = normalizeFilename(str(ctx.params.filename) ?? '');
  if (!(EXTENSIONS[content] ?? /$^/).test(filename))
    throw paramError({
      filename:
        content === 'import' ? 'invalid filename or wrong extension' : 'wrong file extension',
    });
  if (ctx.params.compression !== undefined)
    throw die("the simulator does not implement 'compression'\n");
  const dirName = content === 'iso' ? 'iso' : content;
  const volname = `${dirName}/${filename}`;
  const algorithm = str(ctx.params['checksum-algorithm']);
  const checksum = str(ctx.params.checksum);
  const task = s.tasks.start(
    {
      node,
      type: 'download',
      id: filename,
      user: identityName(ctx.id),
      ...(ctx.injectedTaskError ? { injectedError: ctx.injectedTaskError } : {}),
    },
    downloadWorker(s, {
      node,
      storage: def.id,
      url: str(ctx.params.url) ?? '',
      volname,
      path: volumePath(def, volname),
      verifyCertificates: bool(ctx.params['verify-certificates']) ?? true,
      ...(checksum && algorithm ? { checksum: { algorithm, value: checksum.toLowerCase() } } : {}),
    }),
  );
  return task.upid;
}

export const downloadRoutes: ApiRoute[] = [
  {
    method: 'POST',
    path: '/nodes/{node}/storage/{storage}/download-url',
    proxy: true,
    check: (ctx) => {
      requirePrivs(ctx.sim.state, ctx.id, `/storage/${str(ctx.params.storage)}`, [
        'Datastore.AllocateTemplate',
      ]);
      requireNetworkAccess(ctx.sim, ctx.id, str(ctx.params.node) ?? '');
    },
    handler: downloadUrl,
  },
];
