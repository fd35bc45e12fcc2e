// The Present button, in the page's header. Presentation mode's code (Presentation.tsx, with the QR
// encoder) is its own chunk: the button fetches it once the page is first idle after the button is
// drawn (not in the busy moment the demo mounts and its first run starts), and is enabled once it
// is there, so a click renders the mode at once, inside the click, and fullscreen is asked for
// while the user gesture still counts.
import { useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { requestFullscreen, ROOT_ID, takeReturnFocus } from '../../page/fullscreen';
import { whenIdle } from '../../page/idle';

export type PresentationModule = typeof import('./Presentation');
let loaded: PresentationModule | null = null;
let loading: Promise<PresentationModule> | null = null;

/** The mode's module once fetched (App renders its Presentation), else null. */
export const presentationModule = (): PresentationModule | null => loaded;

function load(): Promise<PresentationModule> {
  loading ??= import('./Presentation').then((m) => (loaded = m));
  return loading;
}

export function PresentButton({ onPresent }: { onPresent(): void }) {
  const ref = useRef<HTMLButtonElement>(null);
  const [ready, setReady] = useState(loaded !== null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (takeReturnFocus()) ref.current?.focus();
    if (loaded) return;
    let live = true;
    const cancel = whenIdle(() => {
      load().then(
        () => live && setReady(true),
        () => live && setFailed(true),
      );
    }, 2_000);
    return () => {
      live = false;
      cancel();
    };
  }, []);
  return (
    <button
      ref={ref}
      type="button"
      className="present-button"
      disabled={!ready}
      title={failed ? 'Presentation mode could not be loaded: reload the page.' : undefined}
      onClick={() => {
        flushSync(onPresent);
        requestFullscreen(document.getElementById(ROOT_ID));
      }}
    >
      Present
    </button>
  );
}
