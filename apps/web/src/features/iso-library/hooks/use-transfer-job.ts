import { endpoints, JOB_EVENT_TYPES, jobEventSchema, type Job } from '@labforge/contracts';
import { useEffect, useState } from 'react';
import { endpointUrl } from '../../../lib/api-client.js';

export interface TransferState {
  bytes?: number;
  total?: number;
  bytesPerSecond?: number;
  fraction?: number;
  /** What Proxmox is doing now, in words ("Checking the checksum"). */
  detail?: string;
  step?: string;
  warnings: string[];
  /** Set once the job ended. */
  job?: Job;
}

/** Follows a download job's events: bytes, total and speed from its progress events. */
export function useTransferJob(jobId: string | undefined): TransferState {
  const [state, setState] = useState<TransferState>({ warnings: [] });
  useEffect(() => {
    setState({ warnings: [] });
    if (!jobId) return;
    const source = new EventSource(endpointUrl(endpoints.jobEvents, { id: jobId }));
    const onEvent = (message: MessageEvent<string>) => {
      let data: unknown;
      try {
        data = JSON.parse(message.data);
      } catch {
        return;
      }
      const parsed = jobEventSchema.safeParse(data);
      if (!parsed.success) return;
      const e = parsed.data;
      setState((s) => {
        if (e.type === 'progress')
          return {
            ...s,
            ...(e.bytes !== undefined ? { bytes: e.bytes } : {}),
            ...(e.total !== undefined ? { total: e.total } : {}),
            ...(e.bytes_per_second !== undefined ? { bytesPerSecond: e.bytes_per_second } : {}),
            ...(e.fraction !== undefined ? { fraction: e.fraction } : {}),
            ...(e.message ? { detail: e.message } : {}),
          };
        if (e.type === 'step' && e.status === 'running' && e.step) return { ...s, step: e.step };
        if (e.type === 'warning' && e.message && !s.warnings.includes(e.message))
          return { ...s, warnings: [...s.warnings, e.message] };
        if (e.type === 'done' && e.job) return { ...s, job: e.job };
        return s;
      });
      if (e.type === 'done') source.close();
    };
    for (const type of JOB_EVENT_TYPES) source.addEventListener(type, onEvent);
    return () => source.close();
  }, [jobId]);
  return state;
}
