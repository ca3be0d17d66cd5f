import { defineEndpoint, errorResponses } from '../endpoint.js';
import { clusterListResponseSchema, healthResponseSchema } from '../system.js';

export const health = defineEndpoint({
  method: 'GET',
  path: '/api/health',
  summary: 'Liveness, and per cluster whether Proxmox answers.',
  tags: ['system'],
  access: 'public',
  responses: { 200: healthResponseSchema, 503: healthResponseSchema, ...errorResponses('public') },
});

export const listClusters = defineEndpoint({
  method: 'GET',
  path: '/api/clusters',
  summary: 'Configured clusters (id and name only; never credentials).',
  tags: ['system'],
  access: 'user',
  responses: { 200: clusterListResponseSchema, ...errorResponses('user') },
});
