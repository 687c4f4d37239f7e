// WiPay simulator: the Payments API request (country_code upper case, origin at most 32
// characters), a stand-in hosted checkout page with WiPay's 3/5-minute expiry, and the
// result redirect to response_url: the final total with the fee the fee_structure adds,
// and an MD5 hash over the requested total on success only. Mountable under any path
// prefix (every URL it hands out is built from baseUrl).
//
// Provider API (no auth header; form-urlencoded):
//   POST {base}/plugins/payments/request   Accept: application/json → 200 {url, transaction_id}
//                                          (otherwise 302 to the hosted page) | 422 {message, errors}
//   GET  {base}/checkout/{transaction_id}  hosted checkout page; 410 once the session expired
//   GET  {base}/wapi/transactions/{transaction_id}          X-WAPI-Key → 200 {message: "OK", data: {transaction_id,
//        order_id, status: incomplete | success | failed, status_desc, total, currency, date, data?}}; 401; 404
//   POST {base}/wapi/transactions/{transaction_id}/refund   X-WAPI-Key (option wapiKey), no body
//        → 201 {message}; 400 {message} unknown id, not a success, or a refund request already made;
//        401 wrong key. The session's refundRequest records it (GET _sandbox/sessions/{id}).
// Control API (JSON, no auth, sandbox only):
//   GET  {base}/_sandbox/sessions/{id}            the session, its state and expiry
//   POST {base}/_sandbox/sessions/{id}/{action}   action ∈ approve | decline | error | abandon;
//        body {followRedirect?, delivery?, trimTotal?, message?}
//        → {transactionId, state, responseUrl, query, visits?}; 409 already finished; 410 {status: "timeout"} expired
//   POST {base}/_sandbox/redirects/next     {drop?, copies?, delayMs?, hold?, badSignature?, count?}
//   POST {base}/_sandbox/redirects/release  replays held redirects, newest first → {released}
//   GET  {base}/_sandbox/redirects          browser visits so far → {visits}
//   POST {base}/_sandbox/faults             {operation: "create" | "refund", status?, body?, delayMs?, times?}
//   POST {base}/_sandbox/reset              forget queued shaping and faults
import express from 'express';
import { FaultPlan, NextDeliveryShaping } from '../control';
import { createActionRouter } from './actions';
import { createApiRouter } from './api';
import { createWapiRouter } from './wapi';
import { SimulatedBrowser } from './browser';
import type { SimulatedSession, SimulatorContext, WipaySimulatorOptions } from './state';
import { wipayError } from './state';

export type { SimulatedSession, WipaySimulatorOptions } from './state';
export { SimulatedBrowser } from './browser';

export interface WipaySimulator {
  app: express.Application;
  /** What WIPAY_API_URL should be set to. */
  apiUrl: string;
  browser: SimulatedBrowser;
  sessions: Map<string, SimulatedSession>;
  shaping: NextDeliveryShaping;
  faults: FaultPlan;
}

function hasClientStatus(err: unknown): err is { status: number } {
  if (typeof err !== 'object' || err === null || !('status' in err)) return false;
  return typeof err.status === 'number' && err.status >= 400 && err.status < 500;
}

export function createWipaySimulator(options: WipaySimulatorOptions): WipaySimulator {
  const ctx: SimulatorContext = {
    options,
    now: options.now ?? (() => new Date()),
    sessions: new Map(),
    browser: new SimulatedBrowser(),
    shaping: new NextDeliveryShaping(),
    faults: new FaultPlan(),
    sequence: { next: 0 },
  };
  const app = express();
  app.use(createApiRouter(ctx), createWapiRouter(ctx));
  app.use('/_sandbox', createActionRouter(ctx));
  app.use((err: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(err);
    const status = hasClientStatus(err) ? err.status : 500;
    res.status(status).json(wipayError(status === 500 ? 'Server Error' : 'Malformed request body'));
  });
  return {
    app,
    apiUrl: options.baseUrl,
    browser: ctx.browser,
    sessions: ctx.sessions,
    shaping: ctx.shaping,
    faults: ctx.faults,
  };
}
