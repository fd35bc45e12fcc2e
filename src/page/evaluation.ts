// The measured trade-off next to the link's manifest (evaluation.json), a pure fetch, read as a
// query (TanStack Query, in src/ui/sections/Tradeoff.tsx). What is open (probe, manifest, sessions) belongs to the page runtime.
import type { ModelSetName } from '../models/manifest';
import { parseEvaluation, type Evaluation } from '../models/evaluation';
import { manifestHref } from './services';

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
