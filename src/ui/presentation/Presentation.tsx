// SCAFFOLD (to be replaced by the presentation-mode work): the interface App.tsx uses.
import type { Manifest } from '../../models/manifest';

export function PresentButton({ onPresent }: { onPresent(): void }) {
  return (
    <button type="button" onClick={onPresent}>
      Present
    </button>
  );
}

export function Presentation({ manifest, onExit }: { manifest: Manifest; onExit(): void }) {
  return (
    <main className="presentation" aria-label={`Presentation: ${manifest.title}`}>
      <button type="button" onClick={onExit}>
        Exit
      </button>
    </main>
  );
}
