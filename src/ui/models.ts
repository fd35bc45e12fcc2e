// Loading as queries (TanStack Query): backend probe, manifest, and the worker's sessions.
// Session objects stay in the worker; the query only holds what the worker reported.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { RuntimeClient } from '../runtime/client';
import { fetchManifest, manifestUrl, selectModelSet, type Manifest, type ModelSetName } from '../runtime/manifest';
import { useAppStore } from './store';

export const runtime = new RuntimeClient();

if (typeof window !== 'undefined') {
  // Frees the sessions (and the GPU device) when the page goes away.
  window.addEventListener('pagehide', () => runtime.terminate('The page was closed.'));
}

export const modelSelection = selectModelSet(typeof window === 'undefined' ? '' : window.location.search);

export function manifestHref(name: ModelSetName): string {
  return manifestUrl(name, document.baseURI);
}

export function useBackendProbe() {
  return useQuery({
    queryKey: ['backend'],
    queryFn: () => runtime.probe(),
    staleTime: Infinity,
  });
}

export function useManifest(name: ModelSetName) {
  return useQuery({
    queryKey: ['manifest', name],
    queryFn: () => fetchManifest(manifestHref(name)),
    staleTime: Infinity,
  });
}

/** Download, verify and open both denoisers in the worker; keyed by model set, model ids and backend. */
export function useSessions(name: ModelSetName, manifest: Manifest | undefined, backend: 'webgpu' | 'wasm' | undefined) {
  const ids = manifest?.denoisers.map((d) => `${d.id}@${d.sha256.slice(0, 12)}`).join(',') ?? '';
  return useQuery({
    queryKey: ['sessions', name, ids, backend],
    queryFn: () => runtime.load(manifestHref(name), manifest!, backend!),
    enabled: manifest !== undefined && backend !== undefined,
    staleTime: Infinity,
    gcTime: Infinity,
  });
}

/** Start over after an error: a fresh worker, and every query fetched again. */
export function useRetry() {
  const queryClient = useQueryClient();
  return useCallback(() => {
    runtime.terminate('Restarting after an error.');
    useAppStore.getState().resetRun();
    void queryClient.resetQueries();
  }, [queryClient]);
}
