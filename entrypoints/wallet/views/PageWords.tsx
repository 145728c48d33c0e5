/**
 * Text a web page supplied (a wallet's name or error on the Venice site): shown cut short, in
 * quotes, under a caption saying whose words they are, and never in our own alert styling.
 */
export function PageWords({ who, words }: { who: string; words: string }) {
  return (
    <figure class="page-words">
      <figcaption>{who} said (its words, not the extension’s):</figcaption>
      <blockquote>
        <q>{words}</q>
      </blockquote>
    </figure>
  );
}
