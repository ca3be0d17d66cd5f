import { endpoints, JOB_EVENT_TYPES, jobEventSchema } from '@labforge/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { endpointUrl } from '../../../lib/api-client.js';
import type { SuccessOf } from '../../../lib/api-client.js';
import { applyJobEvent } from './apply-job-event.js';
import { queryKeys } from '../../../lib/query-keys.js';

type JobAnswer = SuccessOf<typeof endpoints.getJob>;
const LOG_LINES = 200;

export interface JobStream {
  log: string[];
  fraction: number | undefined;
  connected: boolean;
}

/**
 * Follows a job's Server-Sent Events: steps and warnings go into the cached job, log lines into
 * a bounded tail. Finished jobs are followed too: the server replays their stored events, which
 * is how a build that ended before the page opened still shows its Proxmox task log. The browser's EventSource resumes with Last-Event-ID after a drop; the stream
 * is closed once `done` arrives so it does not reconnect forever.
 */
export function useJobEvents(jobId: string, enabled: boolean): JobStream {
  const queryClient = useQueryClient();
  const [stream, setStream] = useState<JobStream>({
    log: [],
    fraction: undefined,
    connected: false,
  });

  useEffect(() => {
    if (!enabled) return;
    const source = new EventSource(endpointUrl(endpoints.jobEvents, { id: jobId }));
    let lastSeq = -1;
    const onEvent = (message: MessageEvent<string>) => {
      let data: unknown;
      try {
        data = JSON.parse(message.data);
      } catch {
        return;
      }
      const parsed = jobEventSchema.safeParse(data);
      if (!parsed.success || parsed.data.seq <= lastSeq) return;
      const event = parsed.data;
      lastSeq = event.seq;
      queryClient.setQueryData<JobAnswer>(queryKeys.jobs.detail(jobId), (old) =>
        old
          ? { ...old, job: applyJobEvent(old.job, event) }
          : event.job
            ? { ok: true, job: event.job }
            : old,
      );
      setStream((s) => ({
        connected: true,
        fraction: event.type === 'progress' ? event.fraction : s.fraction,
        log:
          event.type === 'log' && event.message !== undefined
            ? [...s.log, event.message].slice(-LOG_LINES)
            : s.log,
      }));
      if (event.type === 'done') {
        source.close();
        setStream((s) => ({ ...s, connected: false }));
        // Everything a finished job changes: the job lists and the templates/VMs catalogue
        // (a VM just built must be listed when the teacher goes back, without a reload).
        void queryClient.invalidateQueries({ queryKey: queryKeys.jobs.recent });
        // A finished build shows on My VMs at once.
        void queryClient.invalidateQueries({ queryKey: queryKeys.myVms });
        void queryClient.invalidateQueries({ queryKey: queryKeys.catalogue });
        void queryClient.invalidateQueries({ queryKey: queryKeys.templates.all });
      }
    };
    for (const type of JOB_EVENT_TYPES) source.addEventListener(type, onEvent);
    source.addEventListener('message', onEvent);
    source.addEventListener('open', () => setStream((s) => ({ ...s, connected: true })));
    source.addEventListener('error', () => {
      setStream((s) => ({ ...s, connected: false }));
      // A finished job's stream ends after its backlog: do not let the browser reconnect forever.
      const status = queryClient.getQueryData<JobAnswer>(queryKeys.jobs.detail(jobId))?.job.status;
      if (status && status !== 'queued' && status !== 'running') source.close();
    });
    return () => source.close();
  }, [jobId, enabled, queryClient]);

  return stream;
}
