import { defineEndpoint, errorResponses } from '../endpoint.js';
import {
  isoAddResultSchema,
  isoDownloadRequestSchema,
  isoLibraryResponseSchema,
  isoRemoveParamsSchema,
  isoRemoveQuerySchema,
  isoRemoveResultSchema,
  virtioPinResponseSchema,
  virtioPinSchema,
} from '../iso-library.js';
import { jobAcceptedSchema } from '../jobs.js';
import { clusterQuerySchema } from './vm-builder.js';

const tags = ['iso-library'] as const;

export const getIsoLibrary = defineEndpoint({
  method: 'GET',
  path: '/api/iso-library',
  summary:
    "Every ISO of the cluster with the VMs and templates that use it, the storages that can receive ISOs, each node's virtio-win ISO and what the caller may do.",
  tags,
  access: 'builder',
  query: clusterQuerySchema,
  responses: { 200: isoLibraryResponseSchema, ...errorResponses('builder', [502]) },
});

export const downloadIso = defineEndpoint({
  method: 'POST',
  path: '/api/iso-library/download',
  summary:
    'Download an ISO from a URL into a storage (a job: the node fetches it, verifies the checksum when given; cancel removes the partial file). Waits unless "async": true.',
  tags,
  access: 'builder',
  query: clusterQuerySchema,
  body: isoDownloadRequestSchema,
  responses: {
    200: isoAddResultSchema,
    202: jobAcceptedSchema,
    ...errorResponses('builder', [404, 409, 413, 502]),
  },
});

export const uploadIso = defineEndpoint({
  method: 'POST',
  path: '/api/iso-library/upload',
  summary:
    'Upload an ISO as multipart/form-data: the fields filename, storage, size (bytes), optional node, checksum and checksum_algorithm, then the file as the LAST part. Streamed to Proxmox, never held in memory; answers when Proxmox has copied (and verified) it.',
  tags,
  access: 'builder',
  query: clusterQuerySchema,
  responses: {
    200: isoAddResultSchema,
    ...errorResponses('builder', [404, 409, 411, 413, 415, 502]),
  },
});

export const removeIso = defineEndpoint({
  method: 'DELETE',
  path: '/api/iso-library/isos/:storage/:name',
  summary:
    'Remove an ISO (admins, and the teacher who added it). Refused with 409 naming them while a VM or template references it.',
  tags,
  access: 'builder',
  params: isoRemoveParamsSchema,
  query: isoRemoveQuerySchema,
  responses: { 200: isoRemoveResultSchema, ...errorResponses('builder', [404, 409, 502]) },
});

export const pinVirtio = defineEndpoint({
  method: 'PUT',
  path: '/api/iso-library/virtio',
  summary:
    'Pin the virtio-win ISO of this cluster (URL + SHA-256): Windows builds download and prefer exactly this file.',
  tags,
  access: 'admin',
  query: clusterQuerySchema,
  body: virtioPinSchema,
  responses: { 200: virtioPinResponseSchema, ...errorResponses('admin') },
});

export const unpinVirtio = defineEndpoint({
  method: 'DELETE',
  path: '/api/iso-library/virtio',
  summary:
    'Remove the virtio-win pin of this cluster: Windows builds go back to the configured source (the file already on storage stays).',
  tags,
  access: 'admin',
  query: clusterQuerySchema,
  responses: { 200: virtioPinResponseSchema, ...errorResponses('admin') },
});

export const fetchVirtio = defineEndpoint({
  method: 'POST',
  path: '/api/iso-library/virtio/fetch',
  summary:
    'Download the pinned (or configured) virtio-win ISO into shared storage now, so Windows builds never wait for it (a job).',
  tags,
  access: 'admin',
  query: clusterQuerySchema,
  responses: { 202: jobAcceptedSchema, ...errorResponses('admin', [409, 502]) },
});
