import { defineEndpoint, errorResponses } from '../endpoint.js';
import {
  catalogueResponseSchema,
  finaliseResultSchema,
  finaliseTemplateRequestSchema,
} from '../catalogue.js';
import { jobAcceptedSchema } from '../jobs.js';
import { clusterQuerySchema } from './vm-builder.js';

const tags = ['templates'] as const;

export const listCatalogue = defineEndpoint({
  method: 'GET',
  path: '/api/vm-builder/templates',
  summary: "The cluster's templates and the VMs LabForge built.",
  tags,
  access: 'builder',
  query: clusterQuerySchema,
  responses: { 200: catalogueResponseSchema, ...errorResponses('builder', [502]) },
});

export const finaliseTemplate = defineEndpoint({
  method: 'POST',
  path: '/api/vm-builder/templates',
  summary:
    'Turn a hand-installed, stopped VM into a template (optionally ejecting its install media).',
  tags,
  access: 'builder',
  query: clusterQuerySchema,
  body: finaliseTemplateRequestSchema,
  responses: {
    200: finaliseResultSchema,
    202: jobAcceptedSchema,
    ...errorResponses('builder', [404, 409, 502, 503]),
  },
});
