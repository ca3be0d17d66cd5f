import { endpoints, type ChecksumAlgorithm } from '@labforge/contracts';
import { useMutation } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client.js';

export interface DownloadInput {
  url: string;
  filename?: string | undefined;
  storage?: string | undefined;
  node?: string | undefined;
  checksum?: string | undefined;
  checksum_algorithm?: ChecksumAlgorithm | undefined;
}

/** Starts the download job; resolves with its id (progress comes from the job's events). */
export function useStartDownload() {
  return useMutation({
    mutationFn: async (input: DownloadInput) => {
      const body = Object.fromEntries(
        Object.entries(input).filter(([, v]) => v !== undefined && v !== ''),
      ) as unknown as DownloadInput;
      const answer = await apiRequest(endpoints.downloadIso, { body: { ...body, async: true } });
      if (!('job_id' in answer) || answer.ok !== true || !('status_url' in answer))
        throw new Error('The server did not start a download job.');
      return answer.job_id;
    },
  });
}
