// The QR code of the page's current link, as Copy link gives it (linkToShare: without autorun=0,
// so a phone runs it), redrawn when a setting changes, so students open the same settings. Drawn from qr.ts's pixels: nothing leaves the page.
import { useEffect, useMemo, useRef } from 'react';
import { linkToShare } from '../../page/urlSync';
import { qrMatrix, qrPixels } from '../../view/qr';
import { useAppState } from '../AppContext';

/** Pixels per module in the canvas; CSS scales it to the screen (pixelated, so the edges stay sharp). */
const SCALE = 8;

/** The matrix, or why there is none (a link too long for any QR code). */
function encodeLink(link: string): { modules: boolean[][] } | { error: string } {
  try {
    return { modules: qrMatrix(link) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

export function LinkQr() {
  const settings = useAppState((s) => s.settings);
  const link = linkToShare(settings);
  const code = useMemo(() => encodeLink(link), [link]);
  const modules = 'modules' in code ? code.modules : null;
  const ref = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || !modules) return;
    const image = qrPixels(modules, SCALE);
    canvas.width = image.width;
    canvas.height = image.height;
    ctx.putImageData(new ImageData(image.rgba, image.width, image.height), 0, 0);
  }, [modules]);

  return (
    <figure className="presentation-qr">
      {modules ? (
        <canvas ref={ref} role="img" aria-label={`QR code of this page’s link: ${link}`} data-testid="presentation-qr" />
      ) : (
        <p role="note">{'error' in code ? code.error : ''}</p>
      )}
      <figcaption>Scan to open these settings</figcaption>
    </figure>
  );
}
