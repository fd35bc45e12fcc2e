// The list of files the build compiles into the service worker, and the page's precache message
// with its answer (src/page/offline.ts <-> src/sw/sw.ts).

/** The files of one build that the offline copy may hold, as paths relative to the app's folder (the service worker's scope). */
export interface OfflineFiles {
  /** Every visit needs them: the page ('./', the web app manifest's start_url), its scripts and styles, the web app manifest and its icons. */
  shell: string[];
  /**
   * The build's other files, kept only when the visit used them: the runtime worker's chunks,
   * the one onnxruntime build (and its wasm binary) the worker picked, the chosen model set's
   * manifest and evaluation. Model files (.onnx) and other pages are never listed: the runtime
   * worker keeps the models itself.
   */
  optional: string[];
}

/** Page -> service worker, with a MessagePort for the answer. */
export interface PrecacheRequest {
  type: 'precache';
  /** Absolute URLs this visit loaded (the page and its runtime worker); only the listed optional files among them are kept. */
  used: string[];
}

export interface FileReason {
  url: string;
  reason: string;
}

/** Service worker -> page: what the offline copy holds now. */
export interface PrecacheReply {
  /** Files with a stored copy that fits their name. */
  stored: number;
  /** Files with no stored copy, and why. */
  failed: FileReason[];
  /** Of the stored files, those the network could not refresh on this visit (their earlier copy stays), and why. */
  unrefreshed: FileReason[];
  /** The service worker answered this page's navigation with the stored page (no network, or too slow). */
  fromCopy: boolean;
}
