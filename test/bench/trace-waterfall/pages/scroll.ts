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
    }>;
  }
}

const nextFrame = () =>
  new Promise<number>(resolve => requestAnimationFrame(t => resolve(t)));

export function installScroll(selector: string) {
  window.benchScroll = async (stepPx?: number, maxFrames = Infinity) => {
    await window.bench!.render();
    const el = document.querySelector<HTMLElement>(selector);
    const intervals: number[] = [];
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
        const t = await nextFrame();
        intervals.push(t - last);
        last = t;
      }
    }
    // Let the last scroll paint.
    last = await nextFrame();
    window.bench!.destroy();
    return {
      frames: intervals.length,
      dropped: intervals.filter(i => i > 16.7 * 1.5).length,
      worstMs: Math.round(Math.max(0, ...intervals) * 10) / 10,
      totalMs: Math.round((last - start) * 10) / 10,
    };
  };
}
