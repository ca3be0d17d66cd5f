import { defineEndpoint, errorResponses } from '../endpoint.js';
import {
  shareableTeacherListResponseSchema,
  templateCardListQuerySchema,
  templateCardListResponseSchema,
  templateCardParamsSchema,
  templateCardResponseSchema,
  templateCardUpdateSchema,
} from '../template-cards.js';
import { clusterQuerySchema } from './vm-builder.js';

const tags = ['templates'] as const;

export const listTemplateCards = defineEndpoint({
  method: 'GET',
  path: '/api/templates',
  summary:
    'The templates you may use: your own, shared with all teachers, shared with you by name (administrators: all). Search by words, OS and tag.',
  tags,
  access: 'builder',
  query: templateCardListQuerySchema,
  responses: { 200: templateCardListResponseSchema, ...errorResponses('builder', [404]) },
});

export const listShareableTeachers = defineEndpoint({
  method: 'GET',
  path: '/api/templates/teachers',
  summary: 'The teachers a template can be shared with by name.',
  tags,
  access: 'builder',
  query: clusterQuerySchema,
  responses: { 200: shareableTeacherListResponseSchema, ...errorResponses('builder') },
});

export const getTemplateCard = defineEndpoint({
  method: 'GET',
  path: '/api/templates/:cluster_id/:vmid',
  summary: "One template's card.",
  tags,
  access: 'builder',
  params: templateCardParamsSchema,
  responses: { 200: templateCardResponseSchema, ...errorResponses('builder', [404]) },
});

export const updateTemplateCard = defineEndpoint({
  method: 'PATCH',
  path: '/api/templates/:cluster_id/:vmid',
  summary:
    "Change a template's description, tags (both mirrored into Proxmox), who may use it, or make it the next version of an older one (author or administrator).",
  tags,
  access: 'builder',
  params: templateCardParamsSchema,
  body: templateCardUpdateSchema,
  responses: { 200: templateCardResponseSchema, ...errorResponses('builder', [404, 409]) },
});

export const retireTemplateCard = defineEndpoint({
  method: 'POST',
  path: '/api/templates/:cluster_id/:vmid/retire',
  summary:
    'Retire a template: nobody deploys from it any more (author or administrator). Nothing is deleted in Proxmox.',
  tags,
  access: 'builder',
  params: templateCardParamsSchema,
  responses: { 200: templateCardResponseSchema, ...errorResponses('builder', [404, 409]) },
});

export const unretireTemplateCard = defineEndpoint({
  method: 'POST',
  path: '/api/templates/:cluster_id/:vmid/unretire',
  summary: 'Bring a retired template back (author or administrator).',
  tags,
  access: 'builder',
  params: templateCardParamsSchema,
  responses: { 200: templateCardResponseSchema, ...errorResponses('builder', [404, 409]) },
});
