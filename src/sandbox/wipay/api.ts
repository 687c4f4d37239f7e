// WiPay's Payments API as the simulator serves it: the form-urlencoded payment
// request (JSON answer with `Accept: application/json`, else a browser redirect) and
// the hosted checkout page it points at.
import express from 'express';
import { wipayPaymentRequestSchema } from '../../providers/wipay/schemas';
import { injectFaults } from '../control';
import { finalTotal } from './fees';
import type { SimulatedSession, SimulatorContext } from './state';
import { AVS_SESSION_MS, isExpired, SESSION_MS, transactionIdFor, wipayError } from './state';

const INVALID = 'The given data was invalid.';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function createApiRouter(ctx: SimulatorContext): express.Router {
  const router = express.Router();
  const faultBody = (status: number) => wipayError(status >= 500 ? 'Server Error' : 'Refused by the sandbox');

  router.post(
    '/plugins/payments/request',
    express.urlencoded({ extended: false }),
    injectFaults(ctx.faults, 'create', faultBody),
    (req, res) => {
      const parsed = wipayPaymentRequestSchema.safeParse(req.body);
      if (!parsed.success) {
        const errors: Record<string, string[]> = {};
        for (const issue of parsed.error.issues) {
          const field = issue.path.join('.') || 'request';
          errors[field] = [...(errors[field] ?? []), issue.message];
        }
        return void res.status(422).json(wipayError(INVALID, errors));
      }
      const request = parsed.data;
      if (request.account_number !== ctx.options.accountNumber) {
        return void res
          .status(422)
          .json(wipayError(INVALID, { account_number: ['Unknown merchant account.'] }));
      }
      if (request.environment !== (ctx.options.environment ?? 'sandbox')) {
        return void res
          .status(422)
          .json(wipayError(INVALID, { environment: ['Wrong environment for this host.'] }));
      }
      const createdAt = ctx.now();
      const avs = request.avs === '1';
      const session: SimulatedSession = {
        transactionId: transactionIdFor(ctx, request.order_id),
        orderId: request.order_id,
        total: request.total,
        finalTotal: finalTotal(request.total, request.fee_structure, request.country_code, request.currency),
        feeStructure: request.fee_structure,
        countryCode: request.country_code,
        currency: request.currency,
        data: request.data,
        responseUrl: request.response_url,
        avs,
        state: 'pending',
        createdAt,
        expiresAt: new Date(createdAt.getTime() + (avs ? AVS_SESSION_MS : SESSION_MS)),
        customerEmail: request.email,
        customerName: [request.fname, request.lname].filter(Boolean).join(' ') || undefined,
      };
      ctx.sessions.set(session.transactionId, session);
      const url = `${ctx.options.baseUrl}/checkout/${encodeURIComponent(session.transactionId)}`;
      if (req.get('accept')?.includes('application/json')) {
        return void res.json({ url, transaction_id: session.transactionId });
      }
      res.redirect(302, url);
    },
  );

  router.get(['/checkout/:id', '/checkout/:id/*'], (req, res) => {
    const session = ctx.sessions.get(req.params.id ?? '');
    if (!session) return void res.status(404).type('text/plain').send('Unknown transaction');
    const expired = session.state === 'pending' && isExpired(ctx, session);
    res
      .status(expired ? 410 : 200)
      .type('html')
      .send(
        `<!doctype html><title>WiPay sandbox</title><h1>WiPay hosted checkout</h1>` +
          `<p>Transaction ${escapeHtml(session.transactionId)}: ${escapeHtml(session.currency)} ` +
          `${escapeHtml(session.finalTotal)}, ${expired ? 'session expired' : escapeHtml(session.state)}.</p>` +
          `<p>Act as the customer with POST _sandbox/sessions/{id}/approve (or decline, abandon).</p>`,
      );
  });
  return router;
}
