// Calls the soak makes while the product is being disturbed: a 5xx, a timeout or a reset
// connection is what an outage looks like, so the caller tries again (bounded), the way
// a merchant backend or a customer reloading the page would.
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface Answer {
  status: number | 'error';
  body: unknown;
}

/** A transient answer: worth another try. */
export function isTransient(answer: Answer): boolean {
  return answer.status === 'error' || answer.status >= 500 || answer.status === 429;
}

export async function request(url: string, init: RequestInit = {}): Promise<Answer> {
  try {
    const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(40_000), ...init });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // an HTML page or a redirect: the status is what counts
    }
    return { status: response.status, body };
  } catch {
    return { status: 'error', body: undefined };
  }
}

/** Repeats `call` while its answer is transient, for at most `withinMs`; the last answer. */
export async function persist(call: () => Promise<Answer>, withinMs: number): Promise<Answer> {
  const deadline = Date.now() + withinMs;
  let wait = 250;
  for (;;) {
    const answer = await call();
    if (!isTransient(answer) || Date.now() + wait > deadline) return answer;
    await sleep(wait);
    wait = Math.min(wait * 2, 3_000);
  }
}

export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}
