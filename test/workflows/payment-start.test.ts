// A completed checkout starts its payment lifecycle (its own workflow), here with the
// real Affirm simulator and adapter: the payment holds the authorization the checkout
// made, and a void through it reaches Affirm's void endpoint. A cancelled checkout starts none.
import { WorkflowNotFoundError } from '@temporalio/client';
import { toTwoDecimals } from '../../src/money';
import { paymentStateQuery, paymentWorkflowId, voidUpdate } from '../../workflows/payment/contract';
import type { paymentWorkflow } from '../../workflows/payment/payment';
import { expectCancelled } from './support/expectations';
import { useAffirmCheckoutHarness } from './support/affirm-checkout';

const { harness: h, affirm } = useAffirmCheckoutHarness();

const paymentHandle = (checkoutId: string) =>
  h().env.client.workflow.getHandle<typeof paymentWorkflow>(paymentWorkflowId(checkoutId));

async function paymentOf(checkoutId: string) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      return await paymentHandle(checkoutId).query(paymentStateQuery);
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

describe('payment lifecycle start', () => {
  it('a completed Affirm checkout starts its payment, which voids at Affirm', async () => {
    await h().withWorker(async (tq) => {
      const { checkoutId, handle, session } = await h().start('affirm', tq);
      await affirm().act(session.providerReference, 'approve', { followRedirect: true });
      const result = await h().decisionOf(handle);
      expect(result.status).toBe('completed');
      const transactionId = result.providerTransactionId ?? '';
      const payment = await paymentOf(checkoutId);
      expect(payment).toMatchObject({
        checkoutId,
        provider: 'affirm',
        status: 'authorized',
        captured: '0.00',
        refunded: '0.00',
        voided: false,
      });
      expect(payment.authorized).toBe(toTwoDecimals(result.amount));
      const expiresAtMs = Date.parse(payment.authorizationExpiresAt ?? '');
      expect(expiresAtMs - Date.parse(result.decidedAt ?? '')).toBe(30 * 24 * 60 * 60 * 1000);
      // The checkout ended; its payment goes on.
      const described = await paymentHandle(checkoutId).describe();
      expect(described.status.name).toBe('RUNNING');

      const voided = await paymentHandle(checkoutId).executeUpdate(voidUpdate);
      expect(voided).toMatchObject({ status: 'voided', voided: true });
      expect(affirm().transactions.get(transactionId)?.status).toBe('voided');
      const stored = await h().store.listPaymentOperations(checkoutId);
      expect(stored.map((op) => op.kind)).toEqual(['void']);
    });
  });

  it('a cancelled checkout starts no payment', async () => {
    await h().withWorker(async (tq) => {
      const started = await h().start('affirm', tq);
      await affirm().act(started.session.providerReference, 'decline');
      await expectCancelled(h(), started, 'declined');
      await expect(paymentHandle(started.checkoutId).describe()).rejects.toBeInstanceOf(
        WorkflowNotFoundError,
      );
    });
  });
});
