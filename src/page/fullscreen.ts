// What presentation mode and its Present button share: the mode's root, fullscreen, and the focus
// going back to Present when the mode closes. Small and static, so Presentation.tsx (with the QR
// encoder) can load apart from the page (PresentButton.tsx).

export const ROOT_ID = 'presentation';

/** Set when the mode closes, so the Present button that comes back takes the focus again. */
let focusPresentOnReturn = false;

export function leaveMode(onExit: () => void): void {
  focusPresentOnReturn = true;
  onExit();
}

/** True once, after the mode closed: the Present button just drawn takes the focus. */
export function takeReturnFocus(): boolean {
  const take = focusPresentOnReturn;
  focusPresentOnReturn = false;
  return take;
}

/** Fullscreen on `el`, where the browser has it; without it the mode still fills the window. */
export function requestFullscreen(el: HTMLElement | null): void {
  if (!el || !document.fullscreenEnabled || typeof el.requestFullscreen !== 'function') return;
  el.requestFullscreen().catch(() => undefined); // refused (no user gesture, a policy): full-window it stays
}
