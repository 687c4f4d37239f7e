// The people at both ends of a checkout, as the plan says: the customer acts at the
// provider's simulator (its documented /_sandbox control API, with the planned notice
// fault as that API's delivery shaping) and the merchant cancels through the gateway.
// A browser return that meets an outage is reloaded, as a customer would.
import type { ProviderId } from '../../workflows/domain';
import { APPROVE_BODY } from '../../src/demo/merchant-client';
import type { CheckoutPlan, Intent, NoticeFault } from './plan';
import { isTransient, persist, postJson, request } from './http';
import type { Answer } from './http';

export interface Parties {
  gatewayUrl: string;
  sandboxUrl: string;
  apiKey: string;
}

/** How long a customer keeps reloading, or a merchant retrying, through an outage. */
const PERSIST_MS = 180_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The customer's own action for each intent (a merchant cancel has none). */
const CUSTOMER_ACTION: Record<ProviderId, Record<Exclude<Intent, 'cancel' | 'race'>, string>> = {
  wegetfinancing: { pay: 'approve', leave: 'decline' },
  iwocapay: { pay: 'approve', leave: 'decline' },
  affirm: { pay: 'approve', leave: 'decline' },
  wipay: { pay: 'approve', leave: 'decline' },
  // The session runs out at the provider, which says so in a signed webhook.
  ecomtrade24: { pay: 'approve', leave: 'expire' },
};

/** An earlier step whose notice, held with the final one, arrives after it on release. */
const FIRST_STEP: Partial<Record<ProviderId, string>> = { wegetfinancing: 'preapprove', iwocapay: 'start' };

/**
 * Where a customer's leaving may never reach the product, the merchant closes the checkout
 * afterwards rather than wait for its expiry: WiPay sends nothing verifiable for a failed
 * payment (no hash), and Affirm sends its `not_approved` webhook once, never again.
 */
const MERCHANT_CLOSES_AFTER_LEAVE: readonly ProviderId[] = ['wipay', 'affirm'];
/** How long the merchant gives such a checkout to close by itself first. */
const LEAVE_NOTICE_WAIT_MS = 5_000;

function shapingFor(fault: NoticeFault | undefined, plan: CheckoutPlan): Record<string, unknown> | undefined {
  switch (fault) {
    case 'drop':
      return { drop: true };
    case 'duplicate':
      return { copies: 2 + (plan.index % 2) };
    case 'delay':
      return { delayMs: 300 + ((plan.index * 37) % 3_000) };
    case 'reorder':
      return { hold: true };
    default:
      return undefined;
  }
}

export async function merchantCancel(parties: Parties, checkoutId: string): Promise<Answer> {
  return persist(
    () =>
      postJson(
        `${parties.gatewayUrl}/checkouts/${encodeURIComponent(checkoutId)}/cancel`,
        {},
        {
          authorization: `Bearer ${parties.apiKey}`,
        },
      ),
    PERSIST_MS,
  );
}

/** The browser returns the simulator reported, and a reload of `url` if none got through. */
async function reloadIfFailed(statuses: (number | 'error')[], url: string | undefined): Promise<void> {
  const failed = statuses.length > 0 && statuses.every((status) => isTransient({ status, body: undefined }));
  if (failed && url) await persist(() => request(url), PERSIST_MS);
}

interface RedirectAnswer {
  redirect?: { status: number | 'error' };
  confirmationUrl?: string;
  visits?: { status: number | 'error' }[];
  responseUrl?: string;
}

export async function actOut(parties: Parties, plan: CheckoutPlan, checkoutId: string, reference: string) {
  await sleep(plan.thinkMs);
  if (plan.intent === 'cancel') return void (await merchantCancel(parties, checkoutId));
  if (plan.intent === 'race') return payingWhileCancelled(parties, plan, checkoutId, reference);
  const control = `${parties.sandboxUrl}/${plan.provider}/_sandbox`;
  const session = `${control}/sessions/${encodeURIComponent(reference)}`;
  const delivery = shapingFor(plan.noticeFault, plan);
  const first = FIRST_STEP[plan.provider];
  if (plan.noticeFault === 'reorder' && first) await postJson(`${session}/${first}`, { delivery });

  const browser = plan.provider === 'wipay' || (plan.provider === 'affirm' && plan.intent === 'pay');
  const body = {
    ...(plan.intent === 'pay' ? APPROVE_BODY[plan.provider] : {}),
    ...(browser ? { followRedirect: true } : {}),
    ...(delivery ? { delivery } : {}),
  };
  const acted = await postJson(`${session}/${CUSTOMER_ACTION[plan.provider][plan.intent]}`, body);
  if (acted.status !== 200)
    throw new Error(`${plan.orderId}: the customer's ${plan.intent} answered ${acted.status}`);
  const answer = acted.body as RedirectAnswer;
  if (answer.redirect) await reloadIfFailed([answer.redirect.status], answer.confirmationUrl);
  if (answer.visits)
    await reloadIfFailed(
      answer.visits.map((visit) => visit.status),
      answer.responseUrl,
    );

  if (plan.noticeFault === 'reorder') {
    await sleep(200 + (plan.index % 5) * 300);
    await postJson(`${control}/deliveries/release`, {});
  }
  if (plan.intent === 'leave' && MERCHANT_CLOSES_AFTER_LEAVE.includes(plan.provider)) {
    await sleep(LEAVE_NOTICE_WAIT_MS);
    const read = await request(`${parties.gatewayUrl}/checkouts/${encodeURIComponent(checkoutId)}`, {
      headers: { authorization: `Bearer ${parties.apiKey}` },
    });
    const status = (read.body as { status?: string } | undefined)?.status;
    if (status !== 'completed' && status !== 'cancelled') await merchantCancel(parties, checkoutId);
  }
}

/**
 * The merchant's cancel and the customer's payment at the same moment. Either may win:
 * the provider may refuse the payment (409/410: its session was closed first), or the
 * money arrives after the cancel, which the product must complete or flag paidAfterCancel.
 */
async function payingWhileCancelled(
  parties: Parties,
  plan: CheckoutPlan,
  checkoutId: string,
  reference: string,
) {
  const session = `${parties.sandboxUrl}/${plan.provider}/_sandbox/sessions/${encodeURIComponent(reference)}`;
  const browser = plan.provider === 'wipay' || plan.provider === 'affirm';
  const pay = async () => {
    // Up to a second after the cancel was sent: before or after it is decided, by the seed.
    await sleep(plan.thinkMs % 1_000);
    return postJson(`${session}/approve`, {
      ...APPROVE_BODY[plan.provider],
      ...(browser ? { followRedirect: true } : {}),
    });
  };
  const [, paid] = await Promise.all([merchantCancel(parties, checkoutId), pay()]);
  if (paid.status !== 200 && paid.status !== 409 && paid.status !== 410)
    throw new Error(`${plan.orderId}: the customer's payment during the cancel answered ${paid.status}`);
}
