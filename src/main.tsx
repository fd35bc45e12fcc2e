import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { ErrorBoundary } from './ui/ErrorPanel';
import { registerServiceWorker } from './page/offline';
import { ServicesProvider } from './ui/AppContext';
import { createAppStore } from './page/store';
import './ui/styles.css';
import { createServices } from './page/services';

// Loading errors are shown with a Retry button instead of silent retries.
const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false } },
});

const store = createAppStore();
const services = createServices(store, queryClient, location.search);
// Frees the sessions (and the GPU device) when the page goes away.
window.addEventListener('pagehide', () => services.client.terminate('The page was closed.'));

// The offline copy (the service worker, src/sw built into sw.js) only in the built app: in dev it would cache files Vite rewrites.
if (import.meta.env.PROD) registerServiceWorker(store);

// The first render as a transition: React renders it in slices and yields to the browser between
// them, so start-up is not one long task (what a visitor's taps wait on, and Lighthouse's blocking time).
const root = createRoot(document.getElementById('root')!);
startTransition(() =>
  root.render(
    <StrictMode>
      <ErrorBoundary>
        <QueryClientProvider client={queryClient}>
          <ServicesProvider services={services}>
            <App />
          </ServicesProvider>
        </QueryClientProvider>
      </ErrorBoundary>
    </StrictMode>,
  ),
);

// What is open and what runs: the page runtime, from the first paint on.
void services.runtime.start();
