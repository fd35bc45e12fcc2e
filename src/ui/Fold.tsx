// A part of the page that folds away: closed, only its summary line is on the page (its content is
// not rendered, so start-up stays cheap: the research sections alone were ~1,400 elements); opened,
// its content renders in place, behind its own error boundary, and a lazily loaded part shows a line
// while its code arrives. The reader's open/closed state lives here; `initiallyOpen` opens it for a
// link whose settings need it (a comparison, a medium model); a lesson page that talks about it
// holds it open while it is on, and leaving the lesson leaves it as the reader had it.
import { Suspense, useState, type ReactNode, type SyntheticEvent } from 'react';
import { lessonSection } from '../view/lesson';
import { useAppState } from './AppContext';
import { SectionBoundary } from './ErrorPanel';

interface Props {
  /** What the summary line says: the question the section answers. */
  title: string;
  /** For the page's anchors and tests: `fold-<id>`. */
  id: string;
  initiallyOpen?: boolean;
  children: ReactNode;
}

export function Fold({ title, id, initiallyOpen = false, children }: Props) {
  const [own, setOwn] = useState(initiallyOpen);
  const lesson = useAppState((s) => lessonSection(s.lessonPage) === id);
  const open = own || lesson;
  // While the lesson holds it open, its toggles (the one its opening fires, too) are not the reader's.
  const onToggle = (e: SyntheticEvent<HTMLDetailsElement>) => {
    if (!lesson) setOwn(e.currentTarget.open);
  };
  return (
    <details className="fold" id={id} data-testid={`fold-${id}`} open={open} onToggle={onToggle}>
      <summary>{title}</summary>
      {open ? (
        <div className="fold-body">
          <SectionBoundary name={`“${title}”`}>
            <Suspense fallback={<p className="hint">Loading this part of the page…</p>}>{children}</Suspense>
          </SectionBoundary>
        </div>
      ) : null}
    </details>
  );
}
