import type { ClientCore } from '../client-core.js';
import { seg } from '../http/encode.js';
import type { NodeStorage, StorageContent, StorageStatus, UrlMetadata } from '../types.js';

type Sig = { signal?: AbortSignal };

export interface StorageListQuery {
  content?: string;
  enabled?: boolean;
  storage?: string;
  format?: boolean;
  target?: string;
}

export interface DownloadUrlParams {
  url: string;
  content: 'iso' | 'vztmpl' | 'import';
  filename: string;
  checksum?: string;
  'checksum-algorithm'?: 'md5' | 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512' | string;
  'verify-certificates'?: boolean;
  compression?: string;
}

export interface StorageApi {
  list(node: string, q?: StorageListQuery, opts?: Sig): Promise<NodeStorage[]>;
  status(node: string, storage: string, opts?: Sig): Promise<StorageStatus>;
  content(
    node: string,
    storage: string,
    q?: { content?: string; vmid?: number },
    opts?: Sig,
  ): Promise<StorageContent[]>;
  /** Starts a node-side download; returns the `download` task's UPID. */
  downloadUrl(node: string, storage: string, p: DownloadUrlParams, opts?: Sig): Promise<string>;
  queryUrlMetadata(
    node: string,
    url: string,
    q?: { 'verify-certificates'?: boolean },
    opts?: Sig,
  ): Promise<UrlMetadata>;
}

export function storageApi(core: ClientCore): StorageApi {
  const base = (node: string, storage: string): string =>
    `/nodes/${seg(node)}/storage/${seg(storage)}`;
  return {
    list: (node, q, opts) =>
      core.request<NodeStorage[]>('GET', `/nodes/${seg(node)}/storage`, { ...q }, opts),
    status: (node, storage, opts) =>
      core.request<StorageStatus>('GET', `${base(node, storage)}/status`, undefined, opts),
    content: (node, storage, q, opts) =>
      core.request<StorageContent[]>('GET', `${base(node, storage)}/content`, { ...q }, opts),
    downloadUrl: (node, storage, p, opts) =>
      core.request<string>('POST', `${base(node, storage)}/download-url`, { ...p }, opts),
    async queryUrlMetadata(node, url, q, opts) {
      const data = await core.request<UrlMetadata | null>(
        'GET',
        `/nodes/${seg(node)}/query-url-metadata`,
        { url, ...q },
        opts,
      );
      return data ?? {};
    },
  };
}
