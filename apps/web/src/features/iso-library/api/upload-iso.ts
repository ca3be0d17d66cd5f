import {
  endpoints,
  errorBodySchema,
  isoAddResultSchema,
  type ChecksumAlgorithm,
  type IsoAddResult,
} from '@labforge/contracts';
import { ApiError, csrfHeaders, endpointUrl } from '../../../lib/api-client.js';

export interface UploadInput {
  file: File;
  filename: string;
  storage: string;
  node?: string | undefined;
  checksum?: string | undefined;
  checksumAlgorithm?: ChecksumAlgorithm | undefined;
}

export interface UploadHandle {
  done: Promise<IsoAddResult>;
  abort(): void;
}

/**
 * Sends the file with XMLHttpRequest, the one browser API that reports upload progress. The
 * fields go first and the file last: the server streams the file to Proxmox as it arrives.
 */
export function uploadIso(
  input: UploadInput,
  onSent: (sent: number, total: number) => void,
): UploadHandle {
  const form = new FormData();
  form.append('filename', input.filename);
  form.append('storage', input.storage);
  form.append('size', String(input.file.size));
  if (input.node) form.append('node', input.node);
  if (input.checksum) {
    form.append('checksum', input.checksum);
    form.append('checksum_algorithm', input.checksumAlgorithm ?? 'sha256');
  }
  form.append('file', input.file, input.filename);
  const xhr = new XMLHttpRequest();
  const done = new Promise<IsoAddResult>((resolve, reject) => {
    xhr.upload.onprogress = (e) => onSent(e.loaded, e.lengthComputable ? e.total : input.file.size);
    xhr.onerror = () =>
      reject(new ApiError(0, 'The upload was interrupted. Check your connection.'));
    xhr.onabort = () => reject(new ApiError(0, 'The upload was cancelled.'));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        const ok = isoAddResultSchema.safeParse(body);
        if (ok.success) return resolve(ok.data);
      }
      const err = errorBodySchema.safeParse(body);
      reject(
        err.success
          ? new ApiError(xhr.status, err.data.error, err.data.details)
          : new ApiError(xhr.status, `The server answered with status ${xhr.status}.`),
      );
    };
  });
  xhr.open('POST', new URL(endpointUrl(endpoints.uploadIso), document.baseURI));
  xhr.withCredentials = true;
  for (const [k, v] of Object.entries(csrfHeaders())) xhr.setRequestHeader(k, v);
  xhr.setRequestHeader('accept', 'application/json');
  xhr.send(form);
  return { done, abort: () => xhr.abort() };
}
