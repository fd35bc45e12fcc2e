// Loading as queries (TanStack Query): backend probe, manifest, the worker's sessions, and the
// evaluation file. Session objects stay in the worker; the query only holds what the worker reported.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect } from 'react';
import type { ModelRole } from '../core';
import { fetchManifest, manifestUrl, type Manifest, type ModelSetName } from '../models/manifest';
import type { BackendName } from '../worker/protocol';
import { parseEvaluation, type Evaluation } from '../models/evaluation';
import type { LocalSet } from './localSet';
import { useServices } from './services';

export function manifestHref(name: ModelSetName): string {
  return manifestUrl(name, document.baseURI);
}

export function useBackendProbe() {
  const { client } = useServices();
  return useQuery({
    queryKey: ['backend'],
    queryFn: () => client.probe(),
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

/**
 * Switch between the link's models and a set from the user's disk (null: back). The shown run goes
 * with the old set first (runController.switchModels), before anything draws the new set's images.
 */
export function useSwitchLocalSet(): (set: LocalSet<File> | null) => void {
  const { controller, store } = useServices();
  return useCallback(
    (set) => {
      controller.switchModels();
      store.getState().setLocalSet(set);
    },
    [controller, store],
  );
}

/** Where a local set's manifest "is": never fetched (the worker reads the files handed to it). */
const LOCAL_MANIFEST = 'local:manifest.json';

/**
 * Download (or read from cache), verify and open the denoisers in `roles` in the worker; keyed by
 * model set, model ids, backend and roles. `local`: a set opened from the user's disk, its files.
 */
export function useSessions(
  name: ModelSetName | 'local',
  manifest: Manifest | undefined,
  backend: BackendName | undefined,
  roles: ModelRole[],
  local?: Record<string, Blob>,
) {
  const { client, store } = useServices();
  const queryClient = useQueryClient();
  const ids = manifest?.denoisers.map((d) => `${d.id}@${d.sha256.slice(0, 12)}`).join(',') ?? '';
  const queryKey = ['sessions', name, ids, backend, roles.join('+')];
  // The worker holds one set's sessions: a load releases the others, so their queries go too.
  const current = JSON.stringify(queryKey);
  useEffect(() => {
    queryClient.removeQueries({ queryKey: ['sessions'], predicate: (q) => JSON.stringify(q.queryKey) !== current });
  }, [queryClient, current]);
  return useQuery({
    queryKey,
    queryFn: () => {
      store.getState().resetDownloads();
      const href = name === 'local' ? LOCAL_MANIFEST : manifestHref(name);
      return client.load(href, manifest!, backend!, (p) => store.getState().setDownload(p), roles, local);
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
  const { controller } = useServices();
  return useCallback(() => {
    controller.restart();
    // Sessions are dropped rather than refetched: a refetch would reopen them with the manifest
    // of the failed attempt; a new sessions query starts once the manifest has been fetched again.
    queryClient.removeQueries({ queryKey: ['sessions'] });
    void queryClient.resetQueries();
  }, [queryClient, controller]);
}
