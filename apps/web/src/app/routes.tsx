import { Navigate, type RouteObject } from 'react-router';
import { paths } from '../lib/paths.js';
import { ClassDeployRoute } from './routes/class-deploy-route.js';
import { IsoLibraryRoute } from './routes/iso-library-route.js';
import { JobRoute } from './routes/job-route.js';
import { LoginRoute } from './routes/login-route.js';
import { MyVmsRoute } from './routes/my-vms-route.js';
import { NotFoundRoute } from './routes/not-found-route.js';
import { RootLayout } from './routes/root-layout.js';
import { ScriptsRoute } from './routes/scripts-route.js';
import { TemplateBuilderRoute } from './routes/template-builder-route.js';
import { TemplatesRoute } from './routes/templates-route.js';
import { VmConsoleRoute } from './routes/vm-console-route.js';

/** The one place features are put together into pages. */
export const routes: RouteObject[] = [
  { path: paths.login, element: <LoginRoute /> },
  {
    element: <RootLayout />,
    children: [
      { index: true, element: <Navigate to={paths.templateBuilder} replace /> },
      { path: paths.templateBuilder, element: <TemplateBuilderRoute /> },
      { path: paths.isoLibrary, element: <IsoLibraryRoute /> },
      { path: paths.templates, element: <TemplatesRoute /> },
      { path: paths.scripts, element: <ScriptsRoute /> },
      { path: '/jobs/:id', element: <JobRoute /> },
      { path: paths.myVms, element: <MyVmsRoute /> },
      { path: '/templates/:clusterId/:vmid/deploy', element: <ClassDeployRoute /> },
      { path: '/vms/:cluster/:vmid/console', element: <VmConsoleRoute /> },
      { path: '*', element: <NotFoundRoute /> },
    ],
  },
];
