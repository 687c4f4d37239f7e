// GET whose answer must carry iwocaPay's signature before anything in it is believed,
// as the official plugin's IwocaClient::get does. The shared callProvider hides the raw
// bytes and headers the signature covers, so this call reads them itself.
import { describeIssues } from '../../config/issues';
import { ProviderError } from '../errors';
import { DEFAULT_PROVIDER_TIMEOUT_MS } from '../http';
import { parseJsonBody } from '../inbound-body';
import type { IwocaPayConfig } from './config';
import { describeIwocaPayError } from './describe-error';
import { orderStatusResponseSchema, type IwocaPayOrder } from './schemas';
import { IWOCAPAY_SIGNATURE_HEADER, isValidSignature } from './signature';

/** As for every provider call: only these statuses can succeed on a later attempt. */
const isRetryableStatus = (status: number) => status >= 500 || [408, 425, 429].includes(status);

export async function readSignedOrder(
  config: IwocaPayConfig,
  url: string,
  timeoutMs = DEFAULT_PROVIDER_TIMEOUT_MS,
): Promise<IwocaPayOrder> {
  const where = `GET ${new URL(url).pathname}`;
  const fail = (why: string, transient: boolean, status?: number) =>
    new ProviderError('iwocapay', `${where} ${why}`, transient, status);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: 'application/json', authorization: `Bearer ${config.accessToken}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const timedOut = typeof err === 'object' && err !== null && 'name' in err && err.name === 'TimeoutError';
    throw fail(timedOut ? 'timed out' : 'connection failed', true);
  }
  const raw = Buffer.from(await response.arrayBuffer());
  const { status } = response;
  if (!response.ok) {
    const reason = describeIwocaPayError(parseJsonBody(raw)) ?? `status ${status}`;
    throw fail(`answered ${status}: ${reason.slice(0, 500)}`, isRetryableStatus(status), status);
  }
  // Not retried: the same request would only fetch the same unverifiable answer, and the
  // workflow's next scheduled poll tries again anyway.
  if (!isValidSignature(config.accessToken, raw, response.headers.get(IWOCAPAY_SIGNATURE_HEADER))) {
    throw fail(`answered without a valid ${IWOCAPAY_SIGNATURE_HEADER} signature: not trusted`, false, status);
  }
  const parsed = orderStatusResponseSchema.safeParse(parseJsonBody(raw));
  if (!parsed.success) {
    throw fail(`answered a signed body we cannot read: ${describeIssues(parsed.error)}`, false, status);
  }
  return parsed.data.data;
}
