// A namespace without the checkout search attributes makes every checkout start fail (the
// gateway sets them at start) and the UI searches ops rely on impossible, so the worker and
// the gateway check at start and refuse to run with a message that says what to create.
import { temporal } from '@temporalio/proto';
import { TypedSearchAttributes } from '@temporalio/common';
import { CHECKOUT_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

type IndexedValueType = temporal.api.enums.v1.IndexedValueType;
const { IndexedValueType } = temporal.api.enums.v1;

interface OperatorServiceLike {
  listSearchAttributes(request: { namespace: string }): Promise<{
    customAttributes?: Record<string, IndexedValueType> | null;
  }>;
}

export class MissingSearchAttributesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MissingSearchAttributesError';
  }
}

/** `Keyword`, `Bool`: the spelling the CLI's --type takes. */
const cliType = (key: (typeof CHECKOUT_SEARCH_ATTRIBUTES)[number]) =>
  TypedSearchAttributes.toMetadataType(key.type);

/** The product's attributes the namespace lacks, or has with another type. */
export async function missingSearchAttributes(
  operatorService: OperatorServiceLike,
  namespace: string,
): Promise<Array<(typeof CHECKOUT_SEARCH_ATTRIBUTES)[number]>> {
  const { customAttributes } = await operatorService.listSearchAttributes({ namespace });
  const present = customAttributes ?? {};
  return CHECKOUT_SEARCH_ATTRIBUTES.filter((key) => {
    const expected = IndexedValueType[`INDEXED_VALUE_TYPE_${key.type}` as keyof typeof IndexedValueType];
    return present[key.name] !== expected;
  });
}

/** gRPC PERMISSION_DENIED and UNIMPLEMENTED: a key that may run workflows but not list attributes. */
const UNVERIFIABLE_CODES = new Set([7, 12]);

/**
 * Throws MissingSearchAttributesError naming what is missing and the command that creates
 * it. A server that will not list them to this identity is reported to `onUnverifiable`
 * and let through: the checkout start then fails on its own if one is missing.
 */
export async function assertSearchAttributes(
  connection: { operatorService: OperatorServiceLike },
  namespace: string,
  onUnverifiable: (reason: string) => void = () => {},
): Promise<void> {
  let missing: Awaited<ReturnType<typeof missingSearchAttributes>>;
  try {
    missing = await missingSearchAttributes(connection.operatorService, namespace);
  } catch (err) {
    const code = (err as { code?: unknown } | undefined)?.code;
    if (typeof code !== 'number' || !UNVERIFIABLE_CODES.has(code)) throw err;
    onUnverifiable(
      `the search attributes of namespace '${namespace}' could not be listed (gRPC code ${code})`,
    );
    return;
  }
  if (missing.length === 0) return;
  const names = missing.map((key) => `${key.name} (${cliType(key)})`).join(', ');
  // One command per attribute: given several --name, the CLI creates only the first.
  const commands = missing
    .map(
      (key) =>
        `temporal operator search-attribute create --namespace ${namespace} --name ${key.name} --type ${cliType(key)}`,
    )
    .join(' && ');
  throw new MissingSearchAttributesError(
    `Temporal namespace '${namespace}' lacks the search attribute(s) ${names} (or has them with another type). ` +
      `Create them with: ${commands} ` +
      `(Temporal Cloud: the namespace's search attributes in the Cloud UI, or tcld namespace search-attributes add).`,
  );
}
