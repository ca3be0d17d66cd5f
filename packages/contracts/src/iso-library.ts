import { z } from 'zod';
import { isoSchema, nodeScanSchema } from './inventory.js';
import { clusterIdSchema, nodeNameSchema, storageIdSchema } from './primitives.js';

/**
 * The ISO library: every ISO of a cluster with what uses it, the storages that can receive one,
 * and the requests that add (download by URL, upload from the browser) or remove one.
 */

/** The algorithms Proxmox's upload and download-url accept, with their hex digest lengths. */
export const CHECKSUM_ALGORITHMS = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];
export const CHECKSUM_HEX_LENGTH: Record<ChecksumAlgorithm, number> = {
  md5: 32,
  sha1: 40,
  sha224: 56,
  sha256: 64,
  sha384: 96,
  sha512: 128,
};

/**
 * What Proxmox stores a file name as: upload and download-url drop any path and replace every
 * character outside `[a-zA-Z0-9_.-]` with `_` (pve-storage `normalize_content_filename`).
 */
export function normaliseIsoName(name: string): string {
  return (name.split(/[\\/]/).pop() ?? '').replace(/[^a-zA-Z0-9_.-]/g, '_');
}

/** Why a file name cannot be used as is (undefined: it can). Checked before anything is sent. */
export function isoNameProblem(name: string): string | undefined {
  if (name === '') return 'the file name is empty';
  if (/[\\/]/.test(name)) return 'the file name must not contain / or \\';
  if (name.length > 200) return 'the file name must be at most 200 characters';
  if (!/\.(iso|img)$/i.test(name)) return 'the file name must end in .iso or .img';
  if (name.startsWith('.')) return 'the file name must not start with a dot';
  const normal = normaliseIsoName(name);
  if (normal !== name)
    return `Proxmox would store this file as ${normal}: use only letters, digits, '_', '.' and '-'`;
  return undefined;
}

/** `virtio-win.iso`, `virtio-win-0.1.262.iso`: the Windows drivers, never an installation ISO. */
export function isVirtioIsoName(name: string): boolean {
  return /^virtio-win[^/]*\.iso$/i.test(name.replace(/^.*[:/]/, ''));
}

export const isoFileNameSchema = z
  .string({ error: 'filename must be a file name ending in .iso or .img' })
  .superRefine((name, ctx) => {
    const problem = isoNameProblem(name);
    if (problem) ctx.addIssue({ code: 'custom', message: `filename: ${problem}` });
  });

const checksumAlgorithmSchema = z.enum(CHECKSUM_ALGORITHMS, {
  error: `checksum_algorithm must be one of ${CHECKSUM_ALGORITHMS.join(', ')}`,
});

/** The optional checksum pair of a request: both or neither, hex of the algorithm's length. */
function withChecksum<T extends z.ZodRawShape>(shape: T) {
  return z
    .strictObject({
      ...shape,
      checksum: z
        .string({ error: 'checksum must be a hex digest' })
        .trim()
        .regex(/^[0-9a-fA-F]+$/, 'checksum must be a hex digest')
        .optional(),
      checksum_algorithm: checksumAlgorithmSchema.optional(),
    })
    .superRefine((value, ctx) => {
      const v = value as { checksum?: string; checksum_algorithm?: ChecksumAlgorithm };
      const sum = v.checksum;
      const alg = v.checksum_algorithm;
      if (sum !== undefined && alg === undefined && sum.length !== 64) {
        ctx.addIssue({
          code: 'custom',
          path: ['checksum_algorithm'],
          message: 'checksum_algorithm is needed for a checksum that is not SHA-256',
        });
      }
      const algorithm = alg ?? 'sha256';
      if (sum !== undefined && sum.length !== CHECKSUM_HEX_LENGTH[algorithm]) {
        ctx.addIssue({
          code: 'custom',
          path: ['checksum'],
          message: `a ${algorithm} checksum has ${CHECKSUM_HEX_LENGTH[algorithm]} hex digits`,
        });
      }
      if (alg !== undefined && sum === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['checksum'],
          message: 'checksum is missing for checksum_algorithm',
        });
      }
    });
}

const isoUrlSchema = z
  .string({ error: 'url must be an http or https address' })
  .trim()
  .max(2048, 'url must be at most 2048 characters')
  .refine((u) => {
    try {
      const p = new URL(u);
      return (p.protocol === 'http:' || p.protocol === 'https:') && p.username === '';
    } catch {
      return false;
    }
  }, 'url must be an http or https address without a user name or password');

export const isoDownloadRequestSchema = withChecksum({
  cluster_id: clusterIdSchema.optional(),
  url: isoUrlSchema,
  /** Default: the name the server announces, else the URL's last segment. */
  filename: isoFileNameSchema.optional(),
  /** Default: the shared ISO storage with most room, else the local one with most room. */
  storage: storageIdSchema.optional(),
  /** Needed only to choose between nodes of a local storage. */
  node: nodeNameSchema.optional(),
  verify_certificates: z.boolean({ error: 'verify_certificates must be true or false' }).optional(),
  async: z.boolean({ error: 'async must be true or false' }).optional(),
});
export type IsoDownloadRequest = z.infer<typeof isoDownloadRequestSchema>;

/** The multipart fields of an upload, before the file (the file part must come last). */
export const isoUploadFieldsSchema = withChecksum({
  cluster_id: clusterIdSchema.optional(),
  filename: isoFileNameSchema,
  storage: storageIdSchema,
  node: nodeNameSchema.optional(),
  /** The file's exact size in bytes (the browser knows it; Proxmox needs it up front). */
  size: z.coerce
    .number({ error: 'size must be the file size in bytes' })
    .int('size must be the file size in bytes')
    .min(1, 'size must be the file size in bytes'),
});
export type IsoUploadFields = z.infer<typeof isoUploadFieldsSchema>;

/** A download or upload that finished: the new ISO. */
export const isoAddResultSchema = z
  .object({
    ok: z.literal(true),
    job_id: z.string().optional(),
    volid: z.string(),
    node: z.string(),
    storage: z.string(),
    /** Shared storage: every node in the cluster that mounts it can boot from the ISO. */
    shared: z.boolean(),
    size: z.number().int().nonnegative(),
    checksum_verified: z.boolean(),
    checksum_algorithm: z.enum(CHECKSUM_ALGORITHMS).optional(),
    upid: z.string().optional(),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'IsoAddResult' });
export type IsoAddResult = z.infer<typeof isoAddResultSchema>;

export const isoUseSchema = z
  .object({
    vmid: z.number().int(),
    name: z.string().optional(),
    node: z.string(),
    template: z.boolean(),
    /** The drive that holds it (`ide2`). */
    drive: z.string(),
  })
  .meta({ id: 'IsoUse' });
export type IsoUse = z.infer<typeof isoUseSchema>;

export const libraryIsoSchema = isoSchema
  .extend({
    used_by: z.array(isoUseSchema),
    virtio: z.boolean(),
    /** From LabForge's own record, when LabForge added it. */
    added_by: z.string().optional(),
    added_at: z.string().optional(),
    checksum: z.object({ algorithm: z.enum(CHECKSUM_ALGORITHMS), value: z.string() }).optional(),
    /** Whether the caller may remove it (admins, and the teacher who added it). */
    removable: z.boolean(),
  })
  .meta({ id: 'LibraryIso' });
export type LibraryIso = z.infer<typeof libraryIsoSchema>;

/** A storage that can receive ISOs: file-based, `iso` content, enabled and active. */
export const isoTargetSchema = z
  .object({
    storage: z.string(),
    type: z.string(),
    shared: z.boolean(),
    nodes: z.array(z.string()),
    avail: z.number().nonnegative(),
    total: z.number().nonnegative(),
    /** Proxmox privileges of LabForge's account: what stops an upload or a download here. */
    upload_problem: z.string().optional(),
    download_problem: z.string().optional(),
    remove_problem: z.string().optional(),
  })
  .meta({ id: 'IsoTarget' });
export type IsoTarget = z.infer<typeof isoTargetSchema>;

export const virtioNodeSchema = z
  .object({
    node: z.string(),
    /** The virtio-win ISO a Windows build on this node would attach (none: it would download). */
    volid: z.string().optional(),
    version: z.string().optional(),
  })
  .meta({ id: 'VirtioNode' });

export const virtioPinSchema = z
  .strictObject({
    url: isoUrlSchema,
    sha256: z
      .string({ error: 'sha256 must be 64 hex digits' })
      .trim()
      .regex(/^[0-9a-fA-F]{64}$/, 'sha256 must be 64 hex digits'),
  })
  .meta({ id: 'VirtioPin' });
export type VirtioPin = z.infer<typeof virtioPinSchema>;

export const ISO_ADD_POLICIES = ['admins', 'teachers'] as const;

export const isoLibraryResponseSchema = z
  .object({
    ok: z.literal(true),
    isos: z.array(libraryIsoSchema),
    targets: z.array(isoTargetSchema),
    nodes: z.array(nodeScanSchema),
    virtio: z.object({
      nodes: z.array(virtioNodeSchema),
      /** What a Windows build downloads when a node has none: the pin, else the config. */
      source: z.object({ url: z.string(), sha256: z.string().optional(), filename: z.string() }),
      pinned: z.boolean(),
    }),
    access: z.object({
      /** Who may add ISOs in this cluster (config `iso_library.add`). */
      add_policy: z.enum(ISO_ADD_POLICIES),
      may_add: z.boolean(),
      /** Why the caller may not add, in words. */
      reason: z.string().optional(),
    }),
    upload_max_bytes: z.number().int(),
    fetched_at: z.number().int(),
  })
  .meta({ id: 'IsoLibrary' });
export type IsoLibraryResponse = z.infer<typeof isoLibraryResponseSchema>;

export const isoRemoveParamsSchema = z.object({
  storage: storageIdSchema,
  name: isoFileNameSchema,
});
export const isoRemoveQuerySchema = z.object({
  cluster_id: clusterIdSchema.optional(),
  node: nodeNameSchema.optional(),
});
export const isoRemoveResultSchema = z
  .object({ ok: z.literal(true), volid: z.string(), node: z.string(), upid: z.string().optional() })
  .meta({ id: 'IsoRemoveResult' });
export type IsoRemoveResult = z.infer<typeof isoRemoveResultSchema>;

export const virtioPinResponseSchema = z
  .object({ ok: z.literal(true), pin: virtioPinSchema.nullable(), filename: z.string() })
  .meta({ id: 'VirtioPinResponse' });
