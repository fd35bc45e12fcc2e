// Reading a manifest: fetched, its text checked (size, nesting), parsed and checked against the
// schema (manifestSchema.ts, zod). The runtime worker and the Node tools read manifests here; the
// page's main thread asks the worker (client.manifest) so that its start-up does not build the
// schema, and loads this module only for a set opened from disk.
import type { LocalManifest, Manifest } from './manifest';
import { checkManifestJson, type ParsedLocalManifest } from './manifestSchema';
import { checkManifestText, readManifestResponse } from './manifestText';

/** Check the fields the app relies on (manifestSchema.ts); the message names the first bad field. */
export function parseManifest(json: unknown, where = 'manifest.json'): Manifest {
  return checkManifest(json, where, false) as Manifest;
}

export function parseLocalManifest(json: unknown, where = 'manifest.json'): LocalManifest {
  return checkManifest(json, where, true);
}

// The schema's output is a LocalManifest: a compile-time check that the two stay in step.
const schemaFitsTypes: (m: ParsedLocalManifest) => LocalManifest = (m) => m;

/** A copy of `json` with the manifest's known fields only (any other field is dropped), or an error naming the field. */
function checkManifest(json: unknown, where: string, local: boolean): LocalManifest {
  const checked = checkManifestJson(json, local);
  if ('problem' in checked) {
    const { path, message } = checked.problem;
    throw new Error(`Invalid manifest (${where}): ${path ? `${path} ${message}` : message}`);
  }
  return schemaFitsTypes(checked.data);
}

/** Fetch and validate a manifest; errors name the URL and HTTP status. */
export async function fetchManifest(url: string, fetchFn: typeof fetch = fetch): Promise<Manifest> {
  // Served sets always carry sha256: the worker keys its cache and the download URL by it.
  let res: Response;
  try {
    res = await fetchFn(url, { cache: 'no-cache' });
  } catch (e) {
    throw new Error(`Could not fetch the model manifest ${url}: ${(e as Error).message}`, { cause: e });
  }
  if (!res.ok) throw new Error(`Could not fetch the model manifest ${url}: HTTP ${res.status} ${res.statusText}`.trim());
  // Size and nesting first (manifestText.ts): a huge or deeply nested file is refused unparsed.
  const text = await readManifestResponse(res, url);
  checkManifestText(text, url);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`The model manifest ${url} is not valid JSON`);
  }
  return parseManifest(json, url);
}
