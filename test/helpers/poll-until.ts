// The one way tests wait for something that happens elsewhere (a workflow, a server, a
// simulator): ask again until the answer fits or time is up. When it never fits, the error
// carries the last answer, so a CI log shows how far it got, not only that it timed out.

export interface PollOptions {
  /** What is awaited, for the error: "a decision", "3 watch reads". */
  what: string;
  timeoutMs?: number;
  intervalMs?: number;
}

/** Answers longer than this are cut in the error: a list of calls can be long. */
const LAST_ANSWER_CHARS = 2_000;

/** With a type guard for `fits`, the answer comes back narrowed (found, not undefined). */
export async function pollUntil<T, Fit extends T>(
  probe: () => T | Promise<T>,
  fits: (answer: T) => answer is Fit,
  options: PollOptions,
): Promise<Fit>;
export async function pollUntil<T>(
  probe: () => T | Promise<T>,
  fits: (answer: T) => boolean,
  options: PollOptions,
): Promise<T>;
export async function pollUntil<T>(
  probe: () => T | Promise<T>,
  fits: (answer: T) => boolean,
  { what, timeoutMs = 15_000, intervalMs = 50 }: PollOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await probe();
    if (fits(answer)) return answer;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last answer: ${shown(answer)}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

function shown(answer: unknown): string {
  const text = JSON.stringify(answer) ?? String(answer);
  return text.length > LAST_ANSWER_CHARS ? `${text.slice(0, LAST_ANSWER_CHARS)}…` : text;
}

/**
 * A step that has no deadline of its own (a time-skipping sleep, a workflow's result), bounded
 * so that a hang fails with the step's name before jest's timeout, which names none.
 */
export async function within<T>(timeoutMs: number, what: string, step: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not end within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([step, expired]);
  } finally {
    clearTimeout(timer);
  }
}
