// Copying text for the user; the clipboard may be refused (insecure context, permissions).

/** Copies `text`; resolves with a sentence for the page saying whether it worked. */
export async function copyText(text: string, what: string): Promise<string> {
  try {
    await navigator.clipboard.writeText(text);
    return `${what[0].toUpperCase()}${what.slice(1)} copied.`;
  } catch {
    return `Copying was refused; select the ${what} and copy it by hand.`;
  }
}
