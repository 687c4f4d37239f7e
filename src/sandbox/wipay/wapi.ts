// The WAPI refund request as the simulator serves it: `POST /wapi/transactions/{id}/refund`
// with X-WAPI-Key (the simulator knows no Bearer tokens) and no body → 201. Refusals are
// WAPI's documented 400 messages: unknown id, a transaction that did not succeed, and a
// second refund request for the same transaction [doc: WAPI refund request].
import express from 'express';
import { constantTimeEqual } from '../../providers/crypto';
import { injectFaults } from '../control';
import type { SimulatedSession, SimulatorContext } from './state';

const message = (text: string) => ({ message: text });

function sameKey(given: string | undefined, expected: string | undefined): boolean {
  return given !== undefined && expected !== undefined && constantTimeEqual(given, expected);
}

/** What Retrieve Transaction reports for each simulated state [doc: examples]; `error` as failed [?]. */
function wapiStatusOf(session: SimulatedSession): { status: string; status_desc: string } {
  if (session.state === 'success') return { status: 'success', status_desc: 'Normal' };
  if (session.state === 'failed' || session.state === 'error')
    return { status: 'failed', status_desc: 'Transaction Failed' };
  return { status: 'incomplete', status_desc: 'Transaction Incomplete' };
}

export function createWapiRouter(ctx: SimulatorContext): express.Router {
  const router = express.Router();
  // Retrieve Transaction [doc: docs.wipayfinancial.com/wapi/transactions/retrieve]: an
  // incomplete one shows a subset of fields; a completed one the final total debited.
  router.get(
    '/wapi/transactions/:id',
    injectFaults(ctx.faults, 'read', (status) =>
      message(status >= 500 ? 'Internal Server Error' : 'Forbidden'),
    ),
    (req, res) => {
      if (!sameKey(req.header('x-wapi-key'), ctx.options.wapiKey))
        return void res.status(401).json(message('Unauthorized'));
      const session = ctx.sessions.get(req.params.id ?? '');
      // The doc lists no body for an unknown id; 404 with a message is the simulator's choice [?].
      if (!session) return void res.status(404).json(message('Not Found'));
      const completed =
        session.state === 'success' || session.state === 'failed' || session.state === 'error';
      res.json({
        message: 'OK',
        data: {
          transaction_id: session.transactionId,
          order_id: session.orderId,
          currency: session.currency,
          date: session.createdAt.toISOString(),
          total: completed ? session.finalTotal : session.total,
          ...(session.data === undefined ? {} : { data: session.data }),
          ...wapiStatusOf(session),
        },
      });
    },
  );
  router.post(
    '/wapi/transactions/:id/refund',
    injectFaults(ctx.faults, 'refund', (status) =>
      message(status >= 500 ? 'Internal Server Error' : 'Forbidden'),
    ),
    (req, res) => {
      if (!sameKey(req.header('x-wapi-key'), ctx.options.wapiKey))
        return void res.status(401).json(message('Unauthorized'));
      const session = ctx.sessions.get(req.params.id ?? '');
      if (!session) return void res.status(400).json(message('The selected transaction id is invalid.'));
      if (session.state !== 'success')
        return void res.status(400).json(message('The selected transaction id has invalid status.'));
      if (session.refundRequest)
        return void res
          .status(400)
          .json(message('The selected transaction id has an existing refund request.'));
      session.refundRequest = { at: ctx.now().toISOString(), total: session.total };
      res.status(201).json(message('Refund request successfully created.'));
    },
  );
  return router;
}
