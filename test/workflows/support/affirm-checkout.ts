// A test file's checkout harness with the Affirm simulator alone, set up before its tests
// and closed after them (the checkout-side counterpart of useAffirmPaymentHarness()).
import type { Harness } from './harness';
import { createHarness } from './harness';
import type { AffirmSandbox } from './sandboxes';
import { startAffirm } from './sandboxes';

/** The getters read what beforeAll made. */
export function useAffirmCheckoutHarness(): { harness: () => Harness; affirm: () => AffirmSandbox } {
  let h: Harness | undefined;
  let affirm: AffirmSandbox | undefined;
  beforeAll(async () => {
    h = await createHarness([
      async (ctx) => {
        affirm = await startAffirm(ctx);
        return affirm;
      },
    ]);
  }, 120_000);
  afterAll(() => h?.close());
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the Affirm checkout harness is not set up yet');
    return value;
  };
  return { harness: () => ready(h), affirm: () => ready(affirm) };
}
