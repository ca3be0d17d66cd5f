/** The SPA's addresses, in one place so features can link without knowing the router. */
export const paths = {
  home: '/',
  login: '/login',
  templateBuilder: '/template-builder',
  isoLibrary: '/iso-library',
  scripts: '/scripts',
  job: (id: string) => `/jobs/${encodeURIComponent(id)}`,
  myVms: '/vms',
  vmConsole: (clusterId: string, vmid: number) =>
    `/vms/${encodeURIComponent(clusterId)}/${vmid}/console`,
  apiDocs: '/docs',
} as const;
