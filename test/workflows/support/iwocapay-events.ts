// A verified iwocaPay SUCCESSFUL for a checkout's session, as the gateway would signal it.
import type { ProviderEvent } from '../../../workflows/domain';
import type { Harness, Started } from './harness';

export function iwocaPaySuccessful(
  h: Harness,
  { checkoutId, session }: Started,
  extra: Partial<ProviderEvent> = {},
): ProviderEvent {
  return {
    provider: 'iwocapay',
    checkoutReference: checkoutId,
    providerReference: session.providerReference,
    kind: 'fulfil',
    rawStatus: 'SUCCESSFUL',
    occurredAt: h.now().toISOString(),
    eventId: `iwocapay:${session.providerReference}:SUCCESSFUL`,
    source: 'webhook',
    ...extra,
  };
}
