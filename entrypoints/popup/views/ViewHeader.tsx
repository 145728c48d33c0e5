import { useEffect, useRef } from 'preact/hooks';

/**
 * A sub-view's heading with a way back. Focus moves to the heading when the view opens, so
 * keyboard and screen-reader users land where the new content starts.
 */
export function ViewHeader({
  title,
  onBack,
  backLabel = 'Back to keys',
}: {
  title: string;
  onBack?: () => void;
  backLabel?: string;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return (
    <div class="view-header">
      {onBack && (
        <button type="button" class="link" onClick={onBack} aria-label={backLabel}>
          ← Back
        </button>
      )}
      <h2 id="view-heading" tabIndex={-1} ref={heading}>
        {title}
      </h2>
    </div>
  );
}
