// The product's answer to overload is a 503 "retry later" (Temporal busy past the
// gateway's deadline), and its clients retry: a merchant repeats POST /checkouts (the
// order id is the natural key, so the repeat resumes the same checkout) and a provider
// redelivers its postback. The bench does the same, a few times, and counts the retries
// so they show in the printout; any other answer, or too many 503s, fails the arm.
import type { Answer } from '../../gateway/support/http';

const ATTEMPTS = 4;
const PAUSE_MS = 1_000;

export class RetryLater {
  retried = 0;

  /** `call` until it answers one of `ok` (`okOnRetry` too after a 503); else throws. */
  async answer(
    what: string,
    ok: number[],
    call: () => Promise<Answer>,
    okOnRetry: number[] = [],
  ): Promise<Answer> {
    for (let attempt = 1; ; attempt += 1) {
      const answer = await call();
      if (ok.includes(answer.status) || (attempt > 1 && okOnRetry.includes(answer.status))) return answer;
      if (answer.status !== 503 || attempt === ATTEMPTS)
        throw new Error(`${what} answered ${answer.status}: ${answer.text}`);
      this.retried += 1;
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    }
  }
}
