// The WAPI refund request as the simulator serves it: `POST /wapi/transactions/{id}/refund`
// with X-WAPI-Key (the simulator knows no Bearer tokens) and no body → 201. Refusals are
// WAPI's documented 400 messages: unknown id, a transaction that did not succeed, and a
// second refund request for the same transaction [doc: WAPI refund request].
import express from 'express';
import { constantTimeEqual } from '../../providers/crypto';
import { injectFaults } from '../control';
import type { SimulatorContext } from './state';

const message = (text: string) => ({ message: text });

function sameKey(given: string | undefined, expected: string | undefined): boolean {
  return given !== undefined && expected !== undefined && constantTimeEqual(given, expected);
}

export function createWapiRouter(ctx: SimulatorContext): express.Router {
  const router = express.Router();
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
