/** The SPA's addresses, in one place so features can link without knowing the router. */
export const paths = {
  home: '/',
  login: '/login',
  templateBuilder: '/template-builder',
  isoLibrary: '/iso-library',
  job: (id: string) => `/jobs/${encodeURIComponent(id)}`,
  apiDocs: '/docs',
} as const;
