/**
 * Runs in the scanned page (chrome.scripting.executeScript): self-contained, no imports, inputs
 * through its argument; it catches everything, since a throw comes back as a bare `null`.
 * The page's visible text plus what is typed in its text fields and text areas, capped at `max`
 * characters. Password fields are left out: a key there is being used, not leaked.
 */
export function readPageText(
  max: number,
): { ok: true; text: string; truncated: boolean; origin: string; title: string } | { ok: false } {
  try {
    let text = '';
    let truncated = false;
    const add = (piece: string) => {
      if (truncated) return;
      const room = max - text.length;
      if (piece.length > room) {
        text += piece.slice(0, room);
        truncated = true;
      } else text += piece;
    };
    // innerText, not textContent: the text as shown (line breaks where the page breaks lines),
    // without the page's scripts and styles.
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a person sees leaked
    add(document.body ? document.body.innerText : '');
    const fields = document.querySelectorAll('textarea, input');
    for (const field of Array.from(fields)) {
      if (field instanceof HTMLInputElement) {
        const type = (field.type || 'text').toLowerCase();
        if (!['text', 'search', 'url', 'email', ''].includes(type)) continue;
      }
      const value = (field as HTMLInputElement | HTMLTextAreaElement).value;
      if (value) add(`\n${value}`);
    }
    return { ok: true, text, truncated, origin: location.origin, title: document.title.slice(0, 200) };
  } catch {
    return { ok: false };
  }
}
