// A test stand-in for the gateway's provider receivers: verify and parse with the real
// adapter, then signal the checkout, or hand an event for a closed checkout to
// recordInboundEventWorkflow, exactly as ARCHITECTURE.md has the gateway do it.
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import express from 'express';
import type { BoundCallback } from '../../../src/gateway/callback-binding';
import { bindCallbackUrl, readBoundCallback } from '../../../src/gateway/callback-binding';
import { InboundParseError, VerificationError } from '../../../src/providers/errors';
import type { ProviderRegistry } from '../../../src/providers/registry';
import type { InboundChannel, InboundRequest, InboundResult } from '../../../src/providers/types';
import type { LocalServer } from '../../../src/sandbox/control';
import { listenLocal } from '../../../src/sandbox/control';
import type { InboundEventRecord } from '../../../workflows/contract';
import {
  checkoutWorkflowId,
  inboundEventWorkflowId,
  pollNowSignal,
  providerEventSignal,
} from '../../../workflows/contract';
import type { ProviderEvent, ProviderId } from '../../../workflows/domain';
import { isProviderId } from '../../../workflows/domain';
import { recordInboundEventWorkflow } from '../../../workflows';

export interface ReceivedCall {
  provider: ProviderId;
  channel: InboundChannel;
  status: number;
  outcome: string;
  /** The checkout the call named or was matched to, when it named one. */
  checkoutId?: string;
}

/** The receiver's CALLBACK_SECRET: its redirect URLs are bound to their checkout, as the gateway's are. */
const CALLBACK_SECRET = 'workflow-receiver-callback-secret-0123456789';

export interface Receiver {
  url: string;
  webhookUrl(provider: ProviderId): string;
  /** The browser-return URL, bound to its checkout (as the gateway binds it) when `bound` is given. */
  redirectUrl(provider: ProviderId, bound?: BoundCallback): string;
  /** Tells the receiver which checkout a provider reference belongs to (the gateway reads it from Temporal). */
  remember(providerReference: string, checkoutId: string): void;
  /** Task queue for recordInboundEventWorkflow, set per test. */
  taskQueue: string;
  calls: ReceivedCall[];
  close(): Promise<void>;
}

function flatten(query: express.Request['query']): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(query).map(([key, value]) => [key, typeof value === 'string' ? value : undefined]),
  );
}

function lowerCaseHeaders(req: express.Request): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(req.headers).map(([key, value]) => [
      key.toLowerCase(),
      Array.isArray(value) ? value.join(', ') : value,
    ]),
  );
}

export async function startReceiver(
  client: Client,
  providers: ProviderRegistry,
  now: () => Date,
): Promise<Receiver> {
  const checkoutsByReference = new Map<string, string>();
  const calls: ReceivedCall[] = [];
  const state = { taskQueue: 'unset' };

  const checkoutOf = (ref: { providerReference?: string; checkoutReference?: string }) =>
    (ref.providerReference && checkoutsByReference.get(ref.providerReference)) || ref.checkoutReference;

  async function recordLate(
    event: ProviderEvent,
    reason: InboundEventRecord['reason'],
    checkoutId?: string,
  ): Promise<void> {
    try {
      await client.workflow.start(recordInboundEventWorkflow, {
        workflowId: inboundEventWorkflowId(event),
        taskQueue: state.taskQueue,
        args: [{ event, reason, ...(checkoutId === undefined ? {} : { checkoutId }) }],
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }

  async function deliver(result: InboundResult): Promise<string> {
    // A browser return with nothing to apply signals nothing (the gateway sends it to cancelUrl).
    if (result.type === 'browserReturn') return 'nothingApplied';
    const checkoutId = checkoutOf(result.type === 'event' ? result.event : result);
    if (result.type === 'pollHint') {
      if (checkoutId) await client.workflow.getHandle(checkoutWorkflowId(checkoutId)).signal(pollNowSignal);
      return 'pollNow';
    }
    if (!checkoutId) {
      await recordLate(result.event, 'unknownCheckout');
      return 'recorded:unknownCheckout';
    }
    try {
      await client.workflow
        .getHandle(checkoutWorkflowId(checkoutId))
        .signal(providerEventSignal, result.event);
      return 'signalled';
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      await recordLate(result.event, 'closedCheckout', checkoutId);
      return 'recorded:closedCheckout';
    }
  }

  const app = express();
  app.use(express.raw({ type: () => true, limit: '1mb' }));
  for (const channel of ['webhook', 'redirect'] as const) {
    app.all(`/${channel}s/:provider`, (req, res, next) => {
      const provider = req.params.provider ?? '';
      if (!isProviderId(provider)) return void res.status(404).send('unknown provider');
      const query = flatten(req.query);
      const request: InboundRequest = {
        method: req.method,
        headers: lowerCaseHeaders(req),
        rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
        query,
        receivedAt: now(),
        boundCallback: readBoundCallback(query, CALLBACK_SECRET),
      };
      let checkoutId: string | undefined;
      const answer = (status: number, outcome: string) => {
        calls.push({ provider, channel, status, outcome, ...(checkoutId ? { checkoutId } : {}) });
        res.status(status).send(outcome);
      };
      let parsed: InboundResult;
      try {
        parsed = providers.get(provider).parseInbound(channel, request);
      } catch (error) {
        if (error instanceof VerificationError) return answer(401, 'unverified');
        if (error instanceof InboundParseError) return answer(400, 'malformed');
        return next(error);
      }
      if (parsed.type !== 'browserReturn')
        checkoutId = checkoutOf(parsed.type === 'event' ? parsed.event : parsed);
      deliver(parsed).then(
        (outcome) =>
          answer(parsed.type === 'pollHint' && parsed.reason === 'badSignature' ? 401 : 200, outcome),
        // Temporal did not take it: the provider must deliver again.
        () => answer(503, 'unavailable'),
      );
    });
  }

  const server: LocalServer = await listenLocal(app);
  return {
    url: server.url,
    webhookUrl: (provider) => `${server.url}/webhooks/${provider}`,
    redirectUrl: (provider, bound) => {
      const url = `${server.url}/redirects/${provider}`;
      return bound ? bindCallbackUrl(url, CALLBACK_SECRET, bound) : url;
    },
    remember: (providerReference, checkoutId) => void checkoutsByReference.set(providerReference, checkoutId),
    get taskQueue() {
      return state.taskQueue;
    },
    set taskQueue(value: string) {
      state.taskQueue = value;
    },
    calls,
    close: () => server.close(),
  };
}
