import type { ProviderEvent } from '../../../workflows/domain';
import type { LedgerBook } from '../../../workflows/ledger';
import {
  RECENT_EVENT_IDS_LIMIT,
  admit,
  countUnknownStatus,
  emptyLedger,
  withRefund,
} from '../../../workflows/ledger';

const AT = '2025-01-01T00:00:00.000Z';

function event(eventId: string, kind: ProviderEvent['kind'] = 'wait'): ProviderEvent {
  return { provider: 'wegetfinancing', kind, rawStatus: kind, occurredAt: AT, eventId, source: 'webhook' };
}

const fresh = (): LedgerBook => ({ counters: emptyLedger(), recentEventIds: [] });

describe('ledger', () => {
  it('admits a new event and remembers it as last seen', () => {
    const { book, arrival } = admit(fresh(), event('a'), false, AT);
    expect(arrival).toBe('new');
    expect(book.counters).toMatchObject({ received: 1, duplicates: 0, afterDecision: 0 });
    expect(book.counters.lastSeen).toEqual({
      eventId: 'a',
      kind: 'wait',
      rawStatus: 'wait',
      source: 'webhook',
      receivedAt: AT,
    });
  });

  it('counts a duplicate and changes nothing else', () => {
    const first = admit(fresh(), event('a'), false, AT).book;
    const { book, arrival } = admit(first, event('a', 'fulfil'), false, '2025-01-02T00:00:00.000Z');
    expect(arrival).toBe('duplicate');
    expect(book.counters).toMatchObject({ received: 2, duplicates: 1 });
    expect(book.counters.lastSeen).toEqual(first.counters.lastSeen);
    expect(book.recentEventIds).toEqual(['a']);
  });

  it('counts events after the decision, and a redelivery of one as a duplicate', () => {
    const late = admit(fresh(), event('b'), true, AT);
    expect(late.arrival).toBe('afterDecision');
    expect(late.book.counters).toMatchObject({ received: 1, afterDecision: 1 });
    expect(late.book.counters.lastSeen?.eventId).toBe('b');
    expect(admit(late.book, event('b'), true, AT).arrival).toBe('duplicate');
  });

  it('keeps a bounded window of recent ids, forgetting the oldest', () => {
    let book = fresh();
    for (let i = 0; i <= RECENT_EVENT_IDS_LIMIT; i++) book = admit(book, event(`e${i}`), false, AT).book;
    expect(book.recentEventIds).toHaveLength(RECENT_EVENT_IDS_LIMIT);
    expect(book.recentEventIds[0]).toBe('e1');
    expect(admit(book, event('e0'), false, AT).arrival).toBe('new');
    expect(admit(book, event(`e${RECENT_EVENT_IDS_LIMIT}`), false, AT).arrival).toBe('duplicate');
  });

  it('counts unknown statuses', () => {
    expect(countUnknownStatus(emptyLedger()).unknownStatus).toBe(1);
  });

  it('lists each refund once', () => {
    const once = withRefund([], { ...event('r', 'refund'), amount: '10.00' }, AT);
    expect(once).toEqual([{ eventId: 'r', amount: '10.00', receivedAt: AT }]);
    expect(withRefund(once, event('r', 'refund'), AT)).toBe(once);
  });
});
