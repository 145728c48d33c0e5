import { startBackground } from '@/lib/background/start';

// Wiring only: WXT imports this file in Node at build time, so nothing runs outside the callback.
// A classic (not module) worker: WXT then builds it as one self-contained file. As a module
// worker it shared chunks with the pages, and fetching and linking those eight files cost a
// cold worker about 40 ms before its first answer (`npm run bench`).
export default defineBackground({
  main() {
    startBackground();
  },
});
