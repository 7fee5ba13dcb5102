/*
 * In-page timing. A page calls install() with a function that creates the chart in the
 * given container and returns a function that destroys it. bench.ts then calls
 * window.bench.render() / window.bench.destroy() through Playwright.
 */

export interface RenderTiming {
  /** From before creating the chart until its synchronous work and queued microtasks are done. */
  scriptMs: number;
  /** From before creating the chart until after the first frame with it is painted (2 rAFs). */
  paintedMs: number;
  /**
   * Until frames come at their normal interval again: the first rAF (from the 2nd on) that is
   * followed by one within SETTLED_INTERVAL_MS. Catches work the 2-rAF figure can miss, such
   * as tile raster on Chromium's worker threads (SVG) and garbage collection.
   */
  settledMs: number;
}

const SETTLED_INTERVAL_MS = 25;
const MAX_EXTRA_FRAMES = 12;

export interface BenchPage {
  render(): Promise<RenderTiming>;
  destroy(): void;
  /** What is on screen, as a sanity check that the chart really drew. */
  check(): Record<string, number | string>;
}

declare global {
  interface Window {
    bench?: BenchPage;
  }
}

const nextFrame = () =>
  new Promise<void>(resolve => requestAnimationFrame(() => resolve()));

export function install(
  create: (container: HTMLElement) => () => void,
  check: (container: HTMLElement) => Record<string, number | string>,
  size: { width: number; height: number },
): void {
  const container = document.createElement('div');
  container.id = 'chart';
  container.style.width = `${size.width}px`;
  container.style.minHeight = `${size.height}px`;
  document.body.appendChild(container);
  let destroy: (() => void) | undefined;

  window.bench = {
    async render() {
      if (destroy) throw new Error('destroy() the previous chart first');
      const t0 = performance.now();
      destroy = create(container);
      // Microtasks queued by the library (uPlot commits its first draw in one) run before this.
      await Promise.resolve();
      const t1 = performance.now();
      await nextFrame(); // runs before the next paint...
      await nextFrame(); // ...and this one after it
      const t2 = performance.now();
      let settled = t2;
      for (let k = 0; k < MAX_EXTRA_FRAMES; k++) {
        await nextFrame();
        const now = performance.now();
        if (now - settled < SETTLED_INTERVAL_MS) break;
        settled = now;
      }
      return {
        scriptMs: t1 - t0,
        paintedMs: t2 - t0,
        settledMs: settled - t0,
      };
    },
    destroy() {
      destroy?.();
      destroy = undefined;
      container.innerHTML = '';
    },
    check: () => check(container),
  };
}
