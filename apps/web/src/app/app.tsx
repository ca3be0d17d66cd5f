import { useState } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { createAppQueryClient } from './create-app-query-client.js';
import { AppProvider } from './provider.js';
import { routes } from './routes.js';

export function App() {
  const [queryClient] = useState(createAppQueryClient);
  const [router] = useState(() => createBrowserRouter(routes));
  return (
    <AppProvider queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProvider>
  );
}
