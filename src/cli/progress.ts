/**
 * A progress indicator on stderr while a statement is pending: a spinner with the elapsed
 * time on a terminal, one plain line otherwise (so logs show it too). Cleared when done.
 */

export interface ProgressSink {
  write(text: string): void;
  readonly isTTY: boolean;
}

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/** Starts the indicator; the returned function stops and clears it. */
export function startProgress(sink: ProgressSink, label: string, options: { intervalMs?: number; now?: () => number } = {}): () => void {
  const now = options.now ?? (() => Date.now());
  const started = now();
  if (!sink.isTTY) {
    sink.write(`${label}...\n`);
    return () => {};
  }
  let frame = 0;
  const draw = (): void => {
    const seconds = ((now() - started) / 1000).toFixed(1);
    sink.write(`\r\x1b[K${FRAMES[frame++ % FRAMES.length]} ${label} ${seconds}s`);
  };
  draw();
  const timer = setInterval(draw, options.intervalMs ?? 100);
  return () => {
    clearInterval(timer);
    sink.write("\r\x1b[K");
  };
}
