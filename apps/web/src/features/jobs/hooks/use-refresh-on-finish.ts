import type { Job } from '@labforge/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { queryKeys } from '../../../lib/query-keys.js';

const active = (j: Job) => j.status === 'queued' || j.status === 'running';

/**
 * When a job the list saw running has ended (the list polls while one runs), the catalogue is
 * refreshed: a VM built while the teacher waited on the builder page shows up without a reload.
 */
export function useRefreshOnFinish(jobs: Job[] | undefined): void {
  const queryClient = useQueryClient();
  const running = useRef(new Set<string>());
  useEffect(() => {
    if (!jobs) return;
    const ended = jobs.some((j) => running.current.has(j.id) && !active(j));
    running.current = new Set(jobs.filter(active).map((j) => j.id));
    if (ended) {
      void queryClient.invalidateQueries({ queryKey: queryKeys.catalogue });
      void queryClient.invalidateQueries({ queryKey: queryKeys.templates.all });
    }
  }, [jobs, queryClient]);
}
