import { classroomSeed, type SimSeed } from '@labforge/pve-sim';

/** The demo's Proxmox resource pools (as in `pnpm demo`), for the deploy form's pool picker. */
export const DEMO_POOLS = [
  { poolid: 'class-2b', comment: 'Biology 2B' },
  { poolid: 'class-3c', comment: 'Computing 3C' },
];

/**
 * A file name a careless page would turn into markup: if it were ever parsed as HTML, the image
 * would fail to load and its handler would open an alert dialog. Real Proxmox lists such a file
 * (an ISO volume name may hold anything but a slash), so LabForge must show it as text.
 */
export const MARKUP_ISO_NAME = '<img src=x onerror=alert(document.domain)><b>lab</b>.iso';

/** The demo's classroom cluster, its resource pools, plus the hostile file on pve3's local storage. */
export function e2eSeed(): SimSeed {
  const seed = structuredClone(classroomSeed);
  seed.resourcePools = [...DEMO_POOLS];
  seed.files = [
    ...(seed.files ?? []),
    { volid: `local:iso/${MARKUP_ISO_NAME}`, size: 3_145_728, node: 'pve3', ctime: 1754000600 },
  ];
  return seed;
}
