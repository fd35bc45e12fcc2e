// "Open your own models": a folder (or its files) from this computer, by picker or drag and drop.
// The files are checked (their sha256 in the hash worker, so a large model leaves the page
// answering) and handed to this page's worker; nothing is uploaded.
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { checkingText, readLocalSet, type CheckProgress } from '../../page/localSet';
import { useServices } from '../AppContext';
import { useAppState } from '../AppContext';

/** Every file of a drop, folders walked (the File and Directory Entries API). */
async function droppedFiles(e: DragEvent): Promise<File[]> {
  const items = [...e.dataTransfer.items].map((i) => i.webkitGetAsEntry?.()).filter((x): x is FileSystemEntry => !!x);
  if (items.length === 0) return [...e.dataTransfer.files];
  const out: File[] = [];
  const walk = async (entry: FileSystemEntry, path: string): Promise<void> => {
    if (entry.isFile) {
      const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
      // Keep the path inside the dropped folder, as a folder pick gives it.
      out.push(path ? new File([file], file.name, { type: file.type }) : file);
      if (path) Object.defineProperty(out[out.length - 1], 'webkitRelativePath', { value: `${path}${file.name}` });
      return;
    }
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
      if (batch.length === 0) break;
      for (const child of batch) await walk(child, `${path}${entry.name}/`);
    }
  };
  for (const item of items) await walk(item, '');
  return out;
}

export function OpenLocal() {
  const { runtime } = useServices();
  const local = useAppState((s) => (s.open.local ? s.open.manifest : null));
  const error = useAppState((s) => s.localError);
  const setError = useAppState((s) => s.setLocalError);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<CheckProgress | null>(null);
  const [over, setOver] = useState(false);
  const folderInput = useRef<HTMLInputElement>(null);
  const filesInput = useRef<HTMLInputElement>(null);

  // React has no prop for webkitdirectory: set it on the element.
  useEffect(() => {
    folderInput.current?.setAttribute('webkitdirectory', '');
  }, []);

  const open = async (files: File[]) => {
    if (files.length === 0) return;
    setBusy(true);
    setProgress(null);
    setError(null);
    try {
      runtime.switchSet(await readLocalSet(files, { onProgress: setProgress }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void droppedFiles(e).then(open, (err: Error) => setError(err.message));
  };

  return (
    <section
      className={`open-local${over ? ' drop-over' : ''}`}
      aria-label="Your own models"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      data-testid="open-local"
    >
      <h2>Your own models</h2>
      <p>
        Try T-Stitch on your own pair: choose a folder with a <code>manifest.json</code> and the ONNX files it names, or drop them here (the
        contract and an example: <code>docs/guide-own-models.md</code>). They are checked like the shipped models, run on this page's
        backend and never leave this computer.
      </p>
      <p className="open-local-actions">
        {/* Buttons, so the keyboard reaches them; the file inputs stay hidden. */}
        <button type="button" onClick={() => folderInput.current?.click()} disabled={busy}>
          Open your own models (a folder)
        </button>{' '}
        <button type="button" onClick={() => filesInput.current?.click()} disabled={busy}>
          …or pick the files
        </button>{' '}
        <input
          ref={folderInput}
          type="file"
          multiple
          hidden
          aria-label="Folder with your models"
          data-testid="open-local-folder"
          onChange={(e) => void open([...(e.target.files ?? [])])}
        />
        <input
          ref={filesInput}
          type="file"
          multiple
          accept=".json,.onnx"
          hidden
          aria-label="Your model files"
          data-testid="open-local-files"
          onChange={(e) => void open([...(e.target.files ?? [])])}
        />
        {local ? (
          <button type="button" onClick={() => runtime.switchSet(null)}>
            Back to the shipped models
          </button>
        ) : null}
      </p>
      <output aria-live="polite" data-testid="open-local-status">
        {busy
          ? checkingText(progress)
          : local
            ? `Using your models: ${local.title} (${local.denoisers.map((d) => d.id).join(' + ')}).`
            : ''}
      </output>
      {busy && progress && progress.total > 0 ? (
        <>
          {' '}
          <progress
            value={progress.loaded}
            max={progress.total}
            aria-label={`sha256 of ${progress.file}`}
            data-testid="open-local-progress"
          />
        </>
      ) : null}
      {error ? (
        <p className="error" role="alert" data-testid="open-local-error">
          Your models could not be opened: {error} The models in use are unchanged.
        </p>
      ) : null}
    </section>
  );
}
