// The words of the first screen that the built index.html carries before any script has run
// (build/firstPaint.ts), and App.tsx shows once it has: one source, so the two never differ.
export const TITLE = 'T-Stitch: small model first, large model last';
export const LEDE = 'Same noise, two ways: a small model starts and a large one finishes (left), or the large one does it all (right).';
/** Under the lede until the page's script draws the demo. */
export const LOADING = 'Loading the demo…';
/** Shown by the stylesheet alone when the script has not drawn anything for a while (it failed to load). */
export const STUCK = 'Still loading? Reload the page: a new version of the site may have been half uploaded. The demo needs JavaScript.';
