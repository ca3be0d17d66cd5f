import { int, oneOf, str } from '../formats/schema-helpers.js';
import type { MethodDefinition } from '../types.js';
import { def, nodeParam, optional, storageParam } from './common.js';

/** pve-storage Status.pm `upload` and Content.pm `delete`. */
const CHECKSUM_ALGORITHMS = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'];

export const storageFilesApi: MethodDefinition[] = [
  def(
    'POST',
    '/nodes/{node}/storage/{storage}/upload',
    {
      node: nodeParam,
      storage: storageParam,
      content: { type: 'string', format: 'pve-storage-content', enum: ['iso', 'vztmpl', 'import'] },
      filename: { type: 'string', maxLength: 255 },
      checksum: str({ requires: 'checksum-algorithm' }),
      'checksum-algorithm': oneOf(CHECKSUM_ALGORITHMS, { requires: 'checksum' }),
      tmpfilename: str({ pattern: '/var/tmp/pveupload-[0-9a-f]+' }),
    },
    // No proxyto: pveproxy keeps the body on the node it was sent to and scp's it onwards.
    { additionalProperties: 0, protected: true, returns: { type: 'string' } },
  ),
  def(
    'DELETE',
    '/nodes/{node}/storage/{storage}/content/{volume}',
    {
      node: nodeParam,
      storage: optional(storageParam),
      volume: { type: 'string' },
      delay: int(1, 30),
    },
    {
      proxyto: 'node',
      additionalProperties: 0,
      protected: true,
      returns: { type: 'string', optional: 1 },
    },
  ),
];
