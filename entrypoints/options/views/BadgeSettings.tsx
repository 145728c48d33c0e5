/** Badge settings (placeholder until the full view lands). */
export function BadgeSettings() {
  return (
    <section aria-labelledby="badge-settings-heading">
      <h2 id="badge-settings-heading">Balance badge</h2>
    </section>
  );
}
