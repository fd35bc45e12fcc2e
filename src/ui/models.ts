// Loading as queries (TanStack Query): backend probe, manifest, the worker's sessions, and the
// evaluation file. Session objects stay in the worker; the query only holds what the worker reported.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { RuntimeClient } from '../runtime/client';
import { fetchManifest, manifestUrl, selectModelSet, type Manifest, type ModelSetName } from '../runtime/manifest';
import { parseEvaluation, type Evaluation } from './evaluation';
import { useAppStore } from './store';

export const runtime = new RuntimeClient();
// A lost GPU device leaves the worker unusable: drop it. From here on the page asks for wasm
// sessions (App), which load in a fresh worker from the cached files; runs.ts runs again there.
runtime.onDeviceLost = (reason) => {
  useAppStore.getState().setBackendSwitch(reason);
  runtime.terminate(reason, { deviceLost: true });
};

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

/** Download (or read from cache), verify and open both denoisers in the worker; keyed by model set, model ids and backend. */
export function useSessions(name: ModelSetName, manifest: Manifest | undefined, backend: 'webgpu' | 'wasm' | undefined) {
  const ids = manifest?.denoisers.map((d) => `${d.id}@${d.sha256.slice(0, 12)}`).join(',') ?? '';
  return useQuery({
    queryKey: ['sessions', name, ids, backend],
    queryFn: () => {
      useAppStore.getState().resetDownloads();
      return runtime.load(manifestHref(name), manifest!, backend!, (p) => useAppStore.getState().setDownload(p));
    },
    enabled: manifest !== undefined && backend !== undefined,
    staleTime: Infinity,
    gcTime: Infinity,
  });
}

export function evaluationHref(name: ModelSetName): string {
  return new URL('evaluation.json', manifestHref(name)).href;
}

/** The measured trade-off next to the manifest; null when the file does not exist (yet). */
export async function fetchEvaluation(url: string, fetchFn: typeof fetch = fetch): Promise<Evaluation | null> {
  const res = await fetchFn(url, { cache: 'no-cache' });
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`Could not fetch ${url}: HTTP ${res.status}`);
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    throw new Error(`${url} is not valid JSON`);
  }
  return parseEvaluation(json, url);
}

export function useEvaluation(name: ModelSetName) {
  return useQuery({
    queryKey: ['evaluation', name],
    queryFn: () => fetchEvaluation(evaluationHref(name)),
    staleTime: Infinity,
  });
}

/** Start over after an error: a fresh worker, and every query fetched again. */
export function useRetry() {
  const queryClient = useQueryClient();
  return useCallback(() => {
    runtime.terminate('Restarting after an error.');
    useAppStore.getState().resetRun();
    // Sessions are dropped rather than refetched: a refetch would reopen them with the manifest
    // of the failed attempt; a new sessions query starts once the manifest has been fetched again.
    queryClient.removeQueries({ queryKey: ['sessions'] });
    void queryClient.resetQueries();
  }, [queryClient]);
}
