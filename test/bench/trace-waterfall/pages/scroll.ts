/**
 * `window.benchScroll()`: renders the view, then scrolls the element from top to bottom, one
 * viewport height per animation frame, and reports the frame intervals: a frame over 16.7 ms
 * (at 60 Hz) is a dropped frame.
 */
declare global {
  interface Window {
    benchScroll?: (
      stepPx?: number,
      maxFrames?: number,
    ) => Promise<{
      frames: number;
      dropped: number;
      worstMs: number;
      totalMs: number;
      /** Script in the frames' animation callbacks (the waterfall renders in one): median, worst. */
      frameScriptMedianMs: number;
      frameScriptWorstMs: number;
    }>;
  }
}

const nextFrame = () =>
  new Promise<number>(resolve => requestAnimationFrame(t => resolve(t)));

/**
 * The next frame's time, and how long the animation callbacks before this one ran (ours is
 * requested last, after the page's own from its scroll handler).
 */
const nextFrameWithScript = () =>
  new Promise<{ t: number; scriptMs: number }>(resolve =>
    requestAnimationFrame(t => resolve({ t, scriptMs: performance.now() - t })),
  );

const round = (x: number) => Math.round(x * 10) / 10;

export function installScroll(selector: string) {
  window.benchScroll = async (stepPx?: number, maxFrames = Infinity) => {
    await window.bench!.render();
    const el = document.querySelector<HTMLElement>(selector);
    const intervals: number[] = [];
    const scripts: number[] = [];
    const start = await nextFrame();
    let last = start;
    if (el) {
      // A viewport per frame (a fling), or a wheel's step.
      const step = stepPx ?? (el.clientHeight || 480);
      for (
        let top = 0, frame = 0;
        top <= el.scrollHeight && frame < maxFrames;
        top += step, frame++
      ) {
        el.scrollTop = top;
        el.dispatchEvent(new Event('scroll'));
        const { t, scriptMs } = await nextFrameWithScript();
        intervals.push(t - last);
        scripts.push(scriptMs);
        last = t;
      }
    }
    // Let the last scroll paint.
    last = await nextFrame();
    window.bench!.destroy();
    scripts.sort((a, b) => a - b);
    return {
      frameScriptMedianMs: round(scripts[Math.floor(scripts.length / 2)] ?? 0),
      frameScriptWorstMs: round(scripts[scripts.length - 1] ?? 0),
      frames: intervals.length,
      dropped: intervals.filter(i => i > 16.7 * 1.5).length,
      worstMs: round(Math.max(0, ...intervals)),
      totalMs: round(last - start),
    };
  };
}
