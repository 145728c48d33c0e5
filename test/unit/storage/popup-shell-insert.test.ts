// @vitest-environment happy-dom
/**
 * popup-cache.js puts the list's stored markup (the shell) on the popup page before the modules
 * run. Storage is not trusted to hold only what the popup wrote, so the insert keeps only our
 * tags and a few harmless attributes, runs nothing, loads nothing, and keeps text as text.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { STORAGE_KEYS } from '@/lib/storage/keys';
import { LIVE_FLAG, SHELL_ID } from '@/lib/storage/page-keys';
import { popupCacheScript } from '@/lib/storage/popup-cache-script';

const OWNER = 'entry-1';
const g = globalThis as unknown as Record<string, unknown>;
const realBrowser = g.browser;

type OpenOptions = { owner?: string; route?: unknown; search?: string; usage?: unknown };

/** Runs the built script against a fake storage; what the fake `storage.local` holds. */
function start(shell: unknown, options: OpenOptions = {}) {
  const local = {
    [STORAGE_KEYS.local.keyCache]: { ownerEntryId: OWNER, keys: [] },
    [STORAGE_KEYS.local.keyShell]: { ownerEntryId: OWNER, shell },
    [STORAGE_KEYS.local.settings]: { managementKeyId: options.owner ?? OWNER },
    [STORAGE_KEYS.local.usageCache]: options.usage,
  };
  const session = options.route ? { [STORAGE_KEYS.session.popupRoute]: options.route } : {};
  // Both namespaces (the test environment has WXT's fake `browser`; the script prefers `browser`).
  g.browser = g.chrome = {
    storage: { local: { get: async () => local }, session: { get: async () => session } },
  };
  if (options.search) history.replaceState(null, '', `?${options.search}`);
  new Function(popupCacheScript())();
  return local;
}

/** Runs the built script against a fake storage and waits for its reads to settle. */
async function open(shell: unknown, options: OpenOptions = {}) {
  start(shell, options);
  await g.vkcListCache;
  await g.vkcRoute;
  await new Promise((done) => setTimeout(done, 0));
  return document.getElementById(SHELL_ID);
}

/** Every attribute left in the shell, as `tag.attribute`, sorted. */
function attributesIn(shell: Element | null): string[] {
  return [...(shell?.querySelectorAll('*') ?? [])]
    .flatMap((e) => [...e.attributes].map((a) => `${e.localName}.${a.name}`))
    .sort();
}

afterEach(() => {
  document.body.replaceChildren();
  history.replaceState(null, '', location.pathname);
  performance.clearMarks();
  for (const name of ['chrome', 'vkcListCache', 'vkcRoute', LIVE_FLAG, 'pwned']) delete g[name];
  g.browser = realBrowser;
});

const OURS =
  '<main class="popup"><header class="popup__header"><h1>Venice keys</h1></header>' +
  '<section class="key-list"><ul class="key-list__rows"><li class="key-row"><span class="key-row__desc">prod app</span>' +
  '<meter class="usage-bar__meter" min="0" max="10" value="3"></meter>' +
  '<button type="button">Details</button></li></ul></section></main>';

describe("popup-cache.js's shell", () => {
  it('puts our markup on the page, inert and hidden from assistive technology, and marks the paint', async () => {
    const shell = await open(OURS);
    expect(shell).not.toBeNull();
    expect(shell?.parentElement).toBe(document.body);
    expect((shell as HTMLElement & { inert: boolean }).inert).toBe(true);
    expect((shell as HTMLElement & { ariaHidden: string }).ariaHidden).toBe('true');
    expect(shell?.innerHTML).toBe(OURS);
    expect(performance.getEntriesByName('vkc:list-painted')).toHaveLength(1);
  });

  it("paints the shell from its own read, without waiting for the list's (large with many keys)", async () => {
    const local = {
      [STORAGE_KEYS.local.keyShell]: { ownerEntryId: OWNER, shell: OURS },
      [STORAGE_KEYS.local.settings]: { managementKeyId: OWNER },
    };
    let listAsked = false;
    g.browser = g.chrome = {
      storage: {
        local: {
          get: (keys: unknown) => {
            if (keys === STORAGE_KEYS.local.keyCache) {
              listAsked = true;
              return new Promise(() => undefined); // the list's read has not come back
            }
            return Promise.resolve(local);
          },
        },
        session: { get: async () => ({}) },
      },
    };
    new Function(popupCacheScript())();
    await vi.waitFor(() => expect(document.getElementById(SHELL_ID)?.innerHTML).toBe(OURS));
    expect(listAsked).toBe(true);
    expect(performance.getEntriesByName('vkc:list-painted')).toHaveLength(1);
  });

  it('settles the list-cache promise the app takes only once the shell is on the page', async () => {
    // The app renders live from this promise; had it settled first, the app would go live and the
    // shell, decided a few promise steps later, would never show (a race seen under load).
    const local = start(OURS);
    const got = await (g.vkcListCache as Promise<Record<string, unknown>>);
    expect(document.getElementById(SHELL_ID)).not.toBeNull();
    expect(got).toEqual(local);
  });

  it('with no body yet when the read comes back, puts the shell in at the first readystatechange, once', async () => {
    // The parser may not have made the body yet; "interactive" comes before any module runs.
    const body = document.body;
    body.remove();
    start(OURS);
    await g.vkcListCache;
    document.documentElement.append(body);
    expect(document.getElementById(SHELL_ID)).toBeNull();
    const changed = document.onreadystatechange as unknown as () => void;
    changed();
    changed();
    expect(document.querySelectorAll(`#${SHELL_ID}`)).toHaveLength(1);
    expect(performance.getEntriesByName('vkc:list-painted')).toHaveLength(1);
    document.onreadystatechange = null;
  });

  it('keeps only our tags and harmless attributes of hostile markup: nothing runs, nothing loads, text stays text', async () => {
    const hostile =
      '<main class="popup" onclick="globalThis.pwned=1" style="background:url(https://evil.example/a)">' +
      '<img src="https://evil.example/b.png" onerror="globalThis.pwned=1">' +
      '<script>globalThis.pwned=1</script><style>body{display:none}</style>' +
      '<section class="key-list" id="app" data-x="1" tabindex="0" aria-label="fake">' +
      '<ul><li class="key-row" onmouseover="globalThis.pwned=1">&lt;script&gt;globalThis.pwned=1&lt;/script&gt;' +
      '<button type="submit" formaction="https://evil.example/f" autofocus>Details</button>' +
      '<input type="image" src="https://evil.example/g" placeholder="Filter…"></li></ul>' +
      '<a href="https://evil.example/c">phish</a><iframe srcdoc="<script>parent.pwned=1</script>"></iframe>' +
      '<form action="https://evil.example/d"><input name="q"></form>' +
      '<svg><script>globalThis.pwned=1</script><image href="https://evil.example/e"></image></svg>' +
      '</section></main>';
    const shell = await open(hostile);
    expect(g.pwned).toBeUndefined();
    expect(shell?.querySelectorAll('img, script, style, a, iframe, form, svg, image')).toHaveLength(0);
    expect(attributesIn(shell)).toEqual([
      'button.type',
      'input.placeholder',
      'input.type',
      'li.class',
      'main.class',
      'section.class',
    ]);
    // The escaped text is text: a text node, no element.
    expect(shell?.querySelector('li')?.firstChild?.nodeType).toBe(Node.TEXT_NODE);
    expect(shell?.querySelector('li')?.textContent).toContain('<script>globalThis.pwned=1</script>');
    // The page's own #app is not shadowed by an id from storage.
    expect(shell?.querySelector('[id]')).toBeNull();
  });

  it('shows nothing when the popup opens on another screen, a link, another management key, or after the app took over', async () => {
    expect(await open(OURS, { route: { name: 'usage', days: 30 } })).toBeNull();
    expect(await open(OURS, { route: { name: 'detail', id: 'k1' } })).toBeNull();
    expect(await open(OURS, { search: 'detail=k1' })).toBeNull();
    history.replaceState(null, '', location.pathname);
    expect(await open(OURS, { owner: 'entry-2' })).toBeNull();
    expect(await open(42)).toBeNull();
    g[LIVE_FLAG] = 1;
    expect(await open(OURS)).toBeNull();
    expect(performance.getEntriesByName('vkc:list-painted')).toHaveLength(0);
    delete g[LIVE_FLAG];
    expect(await open(OURS, { route: { name: 'list' } })).not.toBeNull();
  });
});

/** The usage cache with `html` as the shell of its 30-day entry. */
function usageWith(html: unknown, owner = OWNER) {
  return {
    '30': { windowDays: 30, ownerEntryId: owner, fetchedAt: 1, snapshot: {}, error: null, shell: html },
  };
}

const CHART =
  '<main class="popup"><section class="view"><h2>Account usage</h2><figure class="chart"><figcaption>' +
  '<strong>Spend by day</strong><p class="chart__summary">$12.00 over 30 days</p></figcaption>' +
  '<svg viewBox="0 0 300 80"><path class="chart__usd" d="M0 70h9V40H0z"></path><text class="chart__label" x="0" y="78">Mar 1</text></svg>' +
  '</figure></section></main>';

describe("popup-cache.js's usage shell", () => {
  it('puts the usage chart on the page on the usage view of its window, inert and hidden, and marks the usage paint', async () => {
    const shell = await open(OURS, { route: { name: 'usage', days: 30 }, usage: usageWith(CHART) });
    expect((shell as HTMLElement & { inert: boolean }).inert).toBe(true);
    expect((shell as HTMLElement & { ariaHidden: string }).ariaHidden).toBe('true');
    expect(shell?.innerHTML).toBe(CHART);
    expect(shell?.querySelector('path')?.namespaceURI).toBe('http://www.w3.org/2000/svg');
    expect(performance.getEntriesByName('vkc:usage-painted')).toHaveLength(1);
    expect(performance.getEntriesByName('vkc:list-painted')).toHaveLength(0);
  });

  it('keeps only the chart tags and their coordinates of hostile SVG: nothing runs, nothing loads, nothing links, text stays text', async () => {
    const hostile =
      '<main class="popup"><figure class="chart" style="background:url(https://evil.example/s)">' +
      '<svg viewBox="0 0 300 80" onload="globalThis.pwned=1" style="display:none">' +
      '<path class="chart__usd" d="M0 0h1" id="vkcLive" fill="url(https://evil.example/y)" onclick="globalThis.pwned=1" href="https://evil.example/z"></path>' +
      '<text class="chart__label" x="0" y="78">&lt;script&gt;globalThis.pwned=1&lt;/script&gt;</text>' +
      '<script>globalThis.pwned=1</script><style>path{fill:url(https://evil.example/t)}</style>' +
      '<foreignObject width="300" height="80"><img src="https://evil.example/u" onerror="globalThis.pwned=1"></foreignObject>' +
      '<use href="#app" xlink:href="https://evil.example/v.svg#x"></use><image href="https://evil.example/w.png"></image>' +
      '<a href="https://evil.example/x"><text x="1" y="2">phish</text></a>' +
      '<set attributeName="onmouseover" to="globalThis.pwned=1"></set><animate attributeName="href" to="javascript:globalThis.pwned=1"></animate>' +
      '</svg></figure></main>';
    const shell = await open(null, { route: { name: 'usage' }, usage: usageWith(hostile) });
    expect(g.pwned).toBeUndefined();
    expect(
      shell?.querySelectorAll('script, style, foreignObject, use, image, a, img, set, animate'),
    ).toHaveLength(0);
    expect(attributesIn(shell)).toEqual([
      'figure.class',
      'main.class',
      'path.class',
      'path.d',
      'svg.viewBox',
      'text.class',
      'text.x',
      'text.y',
    ]);
    expect(shell?.querySelector('text')?.firstChild?.nodeType).toBe(Node.TEXT_NODE);
    expect(shell?.querySelector('text')?.textContent).toBe('<script>globalThis.pwned=1</script>');
  });

  it("shows nothing for another window, another management key, the list's route, or a list shell with SVG", async () => {
    expect(await open(null, { route: { name: 'usage', days: 7 }, usage: usageWith(CHART) })).toBeNull();
    expect(
      await open(null, { route: { name: 'usage', days: 30 }, usage: usageWith(CHART, 'entry-2') }),
    ).toBeNull();
    expect(await open(null, { route: { name: 'usage', days: 30 }, usage: usageWith(42) })).toBeNull();
    expect(await open(null, { route: { name: 'usage', days: 30 } })).toBeNull();
    expect(await open(null, { route: { name: 'list' }, usage: usageWith(CHART) })).toBeNull();
    expect(await open(OURS, { route: { name: 'usage', days: 30 }, usage: usageWith(null) })).toBeNull();
    expect(performance.getEntriesByName('vkc:usage-painted')).toHaveLength(0);
    // The list's shell keeps no SVG: the chart's allow-list is the usage view's alone.
    const list = await open(CHART.replace('section class="view"', 'section class="key-list"'));
    expect(list?.querySelector('svg, path, figure')).toBeNull();
    expect(list?.textContent).toContain('Account usage');
  });
});
