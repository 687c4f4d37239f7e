// The merchant's own labels on a checkout: stored, returned by GET and sent in every
// merchant event, never sent to a provider. Not customer data, but still never logged.
// Keys start with a letter or digit, so `__proto__` and friends cannot be one.
import { z } from '../openapi/zod';

export const METADATA_MAX_KEYS = 20;
export const METADATA_VALUE_MAX = 500;
export const METADATA_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,39}$/;

export const metadataSchema = z
  .record(
    z
      .string()
      .regex(METADATA_KEY_PATTERN, 'keys are 1-40 of A-Z a-z 0-9 _ . : -, starting with a letter or digit'),
    z.string().max(METADATA_VALUE_MAX, `values are strings of at most ${METADATA_VALUE_MAX} characters`),
  )
  .refine((value) => Object.keys(value).length <= METADATA_MAX_KEYS, `at most ${METADATA_MAX_KEYS} keys`)
  .describe(`Up to ${METADATA_MAX_KEYS} string labels of the merchant's, returned as sent`)
  .openapi('Metadata');

export type Metadata = z.output<typeof metadataSchema>;
