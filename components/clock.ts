import { signal } from '@preact/signals';

/**
 * The current time, for the few leaf components that show one ("5 min ago", a countdown). It
 * ticks once a second only while something reads it, and only what reads it re-renders: a
 * list that showed ages used to re-filter and re-render every row every second.
 */
export const clock = signal(Date.now(), {
  watched() {
    this.value = Date.now();
    timer = setInterval(() => {
      clock.value = Date.now();
    }, 1000);
  },
  unwatched() {
    clearInterval(timer);
  },
});

let timer: ReturnType<typeof setInterval> | undefined;
