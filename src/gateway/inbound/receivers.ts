// The provider receivers as data: where each provider reaches us, how it sends (method,
// media type) and what the sender expects back. Verification and parsing stay in each
// provider's adapter; this table only says how the HTTP arrives.
import type { ProviderId } from '../../../workflows/domain';
import type { InboundChannel } from '../../providers/types';

/**
 * ack: a provider's server; JSON 200 once Temporal has it.
 * returnUrl: a customer's browser; redirect to the merchant's return page afterwards.
 * outcomeUrl: a customer's browser; redirect to the return page on success, else the cancel page.
 */
export type ReceiverAnswer = 'ack' | 'returnUrl' | 'outcomeUrl';

export interface Receiver {
  path: string;
  provider: ProviderId;
  methods: ReadonlyArray<'get' | 'post'>;
  channel: InboundChannel;
  /** Media types accepted on POST; anything else is 415 before the body is read. */
  mediaTypes: readonly string[];
  answer: ReceiverAnswer;
}

const JSON_BODY = ['application/json'];
const FORM_BODY = ['application/x-www-form-urlencoded'];

export const RECEIVERS: readonly Receiver[] = [
  // Signed JSON postbacks (x-signature / x-timestamp).
  {
    path: '/webhooks/wegetfinancing',
    provider: 'wegetfinancing',
    methods: ['post'],
    channel: 'webhook',
    mediaTypes: JSON_BODY,
    answer: 'ack',
  },
  // JSON webhooks, HMAC-signed in the current shape, unsigned in the older one (a poll hint).
  {
    path: '/webhooks/iwocapay',
    provider: 'iwocapay',
    methods: ['post'],
    channel: 'webhook',
    mediaTypes: JSON_BODY,
    answer: 'ack',
  },
  // Status-visibility webhooks: form posts with Basic credentials.
  {
    path: '/webhooks/affirm',
    provider: 'affirm',
    methods: ['post'],
    channel: 'webhook',
    mediaTypes: FORM_BODY,
    answer: 'ack',
  },
  // user_confirmation_url: the browser arrives with checkout_token (GET, or a form POST).
  {
    path: '/webhooks/affirm/confirm',
    provider: 'affirm',
    methods: ['get', 'post'],
    channel: 'redirect',
    mediaTypes: FORM_BODY,
    answer: 'returnUrl',
  },
  // response_url: the browser arrives with the hashed result in the query string.
  {
    path: '/webhooks/wipay',
    provider: 'wipay',
    methods: ['get'],
    channel: 'redirect',
    mediaTypes: [],
    answer: 'outcomeUrl',
  },
  // HMAC-signed JSON webhooks.
  {
    path: '/webhooks/ecomtrade24',
    provider: 'ecomtrade24',
    methods: ['post'],
    channel: 'webhook',
    mediaTypes: JSON_BODY,
    answer: 'ack',
  },
];
