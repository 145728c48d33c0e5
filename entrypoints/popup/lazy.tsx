import type { ComponentChildren, ComponentType } from 'preact';
import { useLayoutEffect, useState } from 'preact/hooks';

/**
 * A view whose code loads on first use, so the popup's first paint carries only the list.
 * `preload()` fetches it ahead of time (after the list is painted), so opening it is instant.
 */
export function lazyView<P extends object>(
  load: () => Promise<ComponentType<P>>,
  /** Shown until the code is in (a part of a screen, such as the mint door, shows nothing meanwhile). */
  fallback: ComponentChildren = (
    <p class="muted" aria-busy="true">
      Loading…
    </p>
  ),
) {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<void> | null = null;
  const preload = () => {
    loading ??= load().then((component) => {
      loaded = component;
    });
    return loading;
  };
  function LazyView(props: P) {
    const [, setReady] = useState(loaded !== null);
    // A layout effect: a plain one would wait for the next animation frame before even asking
    // for code that may already be in.
    useLayoutEffect(() => {
      // It may have arrived between this render and this effect: render again with it.
      if (loaded) {
        setReady(true);
        return;
      }
      let live = true;
      preload().then(() => {
        if (live) setReady(true);
      });
      return () => {
        live = false;
      };
    }, []);
    const View = loaded;
    return View ? <View {...props} /> : fallback;
  }
  return Object.assign(LazyView, { preload });
}
