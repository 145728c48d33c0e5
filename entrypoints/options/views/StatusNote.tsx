/** What an options section's last action said, in words the section chose. */
export interface Note {
  kind: 'error' | 'ok';
  text: string;
}

/**
 * The note in place: a failure is announced at once (an alert), a success politely (a status).
 * Sections whose one action runs through useAction() show its failure with ErrorMessage instead.
 */
export function StatusNote({ note }: { note: Note | null }) {
  if (!note) return null;
  return (
    <p class={note.kind === 'error' ? 'error' : 'ok'} role={note.kind === 'error' ? 'alert' : 'status'}>
      {note.text}
    </p>
  );
}
