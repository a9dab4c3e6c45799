/**
 * A request deadline that counts only the time this process was awake.
 *
 * A timer set with `setTimeout` or `AbortSignal.timeout` counts wall time: if the process is frozen
 * (SIGSTOP, a paused VM, a debugger, heavy swapping) past the deadline while an answer is in
 * flight, the overdue timer runs first on resume (libuv runs timers before it polls sockets) and
 * aborts the request although the answer sits read-to-use in the socket buffer. For a token
 * request that answer may hold a rotated refresh token that exists nowhere else.
 *
 * So a watchdog ticks instead, and a tick that comes much later than asked for is taken as a
 * freeze: it counts as one tick, not as the gap, and the deadline never fires on that tick, so the
 * I/O phase that follows gets to read whatever arrived while the process slept.
 */
export interface AwakeDeadline {
  /** Aborted, with a `TimeoutError` reason, once the awake time spent reaches the budget. */
  readonly signal: AbortSignal;
  /** Awake milliseconds counted so far. */
  elapsedMs(): number;
  /** Makes sure at least `milliseconds` of awake time remain; never shortens the deadline. */
  allowAtLeast(milliseconds: number): void;
  /** Stops the watchdog. Call it when the request settles; calling it again does nothing. */
  clear(): void;
}

export interface AwakeDeadlineOptions {
  /** How often the watchdog ticks; by default an eighth of the budget, between 10 and 250 ms. */
  readonly tickMs?: number;
  /** A monotonic clock in milliseconds. */
  readonly now?: () => number;
}

/** A tick later than this is a freeze, not a slow event loop: a busy loop lags by far less. */
function frozenAfterMs(tickMs: number): number {
  return Math.max(1_000, 4 * tickMs);
}

function defaultTickMs(budgetMs: number): number {
  return Math.min(250, Math.max(10, Math.floor(budgetMs / 8)));
}

export function timeoutReason(budgetMs: number): DOMException {
  return new DOMException(`No answer within ${budgetMs} ms of awake time`, 'TimeoutError');
}

export function startAwakeDeadline(budgetMs: number, options: AwakeDeadlineOptions = {}): AwakeDeadline {
  const now = options.now ?? (() => performance.now());
  const tickMs = options.tickMs ?? defaultTickMs(budgetMs);
  const controller = new AbortController();
  let limitMs = budgetMs;
  let spentMs = 0;
  let lastTickAt = now();
  let timer: ReturnType<typeof setInterval> | undefined;

  function clear(): void {
    if (timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  }

  function tick(): void {
    const at = now();
    const sinceLast = at - lastTickAt;
    lastTickAt = at;
    if (sinceLast > frozenAfterMs(tickMs)) {
      // Woken from a freeze: count one tick and let pending I/O run before the deadline may fire.
      spentMs += tickMs;
      return;
    }
    spentMs += sinceLast;
    if (spentMs >= limitMs) {
      clear();
      controller.abort(timeoutReason(budgetMs));
    }
  }

  if (budgetMs <= 0) {
    controller.abort(timeoutReason(budgetMs));
  } else {
    timer = setInterval(tick, tickMs);
    // The request's own socket keeps the process alive; the watchdog must not.
    timer.unref();
  }

  return {
    signal: controller.signal,
    elapsedMs: () => spentMs,
    allowAtLeast(milliseconds: number): void {
      limitMs = Math.max(limitMs, spentMs + milliseconds);
    },
    clear,
  };
}
