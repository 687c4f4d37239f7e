// Reading iwocaPay's error bodies: a readable reason, and whether a create was refused
// because its reference is taken. The error shape is not documented [?]; the plugin reads
// `errors[0].detail`, so that and the usual Django REST shapes are all accepted.
import type { z } from 'zod';
import { errorBodySchema } from './schemas';

type ErrorBody = z.output<typeof errorBodySchema>;

/** Django REST's field errors for `reference`, at the top or under `data`. */
function referenceMessages(body: ErrorBody): string[] {
  const list = body.data?.reference ?? body.reference;
  return Array.isArray(list) ? list.filter((m): m is string => typeof m === 'string') : [];
}

/** "detail" or "pointer: detail; …" from an error body. */
export function describeIwocaPayError(body: unknown): string | undefined {
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success) return undefined;
  const { detail, message, errors } = parsed.data;
  const listed = (errors ?? []).map((e) =>
    [e.source?.pointer ?? e.attr, e.detail ?? e.code].filter((part) => part !== undefined).join(': '),
  );
  const onReference = referenceMessages(parsed.data).map((m) => `reference: ${m}`);
  const parts = [detail, message, ...listed, ...onReference].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join('; ') : undefined;
}

const TAKEN = /already exists|already in use|already been used|must be unique|duplicate/i;

/**
 * True for a refusal that says the reference is already used, in any of the shapes
 * {errors:[{source:{pointer:"/data/reference"}, detail}]}, {errors:[{attr:"reference", detail}]},
 * {reference:["… already exists."]} or {data:{reference:[…]}} (Django REST's unique check).
 */
export function isDuplicateReferenceRefusal(body: unknown): boolean {
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success) return false;
  const onReference = (parsed.data.errors ?? []).some(
    (e) =>
      (e.source?.pointer?.endsWith('/reference') === true || e.attr === 'reference') &&
      TAKEN.test(`${e.detail ?? ''} ${e.code ?? ''}`),
  );
  return onReference || referenceMessages(parsed.data).some((m) => TAKEN.test(m));
}
