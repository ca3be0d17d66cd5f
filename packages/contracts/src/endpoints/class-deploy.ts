import { defineEndpoint, errorResponses } from '../endpoint.js';
import {
  classActionParamsSchema,
  classActionRequestSchema,
  classActionResultSchema,
  deployClassRequestSchema,
  deployOptionsResponseSchema,
  deployParamsSchema,
  deployResultSchema,
} from '../class-deploy.js';
import { jobAcceptedSchema } from '../jobs.js';

export const deployClass = defineEndpoint({
  method: 'POST',
  path: '/api/templates/:cluster_id/:vmid/deploy',
  summary:
    'Deploy a class from a template: count + name pattern or a list of student names, linked or full clones placed across the nodes, optionally started and given a post-deployment script. One job, one row per VM.',
  tags: ['templates'],
  access: 'builder',
  params: deployParamsSchema,
  body: deployClassRequestSchema,
  responses: {
    200: deployResultSchema,
    202: jobAcceptedSchema,
    ...errorResponses('builder', [404, 409, 422, 502, 503]),
  },
});

export const classAction = defineEndpoint({
  method: 'POST',
  path: '/api/classes/:class_id/actions',
  summary:
    "Start, shut down or delete every VM of a deployed class (delete: `confirm` must be the class's name, and no VM may be running). One outcome per VM.",
  tags: ['vms'],
  access: 'builder',
  params: classActionParamsSchema,
  body: classActionRequestSchema,
  responses: { 200: classActionResultSchema, ...errorResponses('builder', [404, 409]) },
});

export const deployOptions = defineEndpoint({
  method: 'GET',
  path: '/api/templates/:cluster_id/:vmid/deploy-options',
  summary:
    'What a class deployment from this template can do: linked clones or not (and why), which nodes can take clones and why not, storages for full clones.',
  tags: ['templates'],
  access: 'builder',
  params: deployParamsSchema,
  responses: { 200: deployOptionsResponseSchema, ...errorResponses('builder', [404, 422, 502]) },
});
