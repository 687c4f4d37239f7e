// How every config loader reads the environment. Deploy tools and `.env` files often
// leave `NAME=`: a blank value means "not set", so defaults apply and a provider with
// only blank credentials is disabled rather than misconfigured.
import { z } from 'zod';
import { describeIssues, valueFreeErrorMap } from './issues';

export const blankAsAbsent = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** A schema that sees a blank variable as absent. */
export const unlessBlank = <T extends z.ZodTypeAny>(schema: T) => z.preprocess(blankAsAbsent, schema);

/** A variable that must be present and non-blank. */
export const requiredText = () => unlessBlank(z.string().min(1));

/** The named variables with blanks removed, for schemas that take the raw values. */
export function withoutBlanks(env: NodeJS.ProcessEnv, names: string[]): Record<string, string | undefined> {
  return Object.fromEntries(names.map((name) => [name, blankAsAbsent(env[name]) as string | undefined]));
}

/**
 * A provider's settings: undefined (disabled) when none of its credentials is set,
 * otherwise the parsed schema, or an error naming each bad variable and never a value
 * (several of them are secrets).
 */
export function loadProviderEnv<S extends z.ZodTypeAny>(
  label: string,
  credentialVars: readonly string[],
  schema: S,
  env: NodeJS.ProcessEnv,
): z.output<S> | undefined {
  if (credentialVars.every((name) => blankAsAbsent(env[name]) === undefined)) return undefined;
  const parsed = schema.safeParse(env, { errorMap: valueFreeErrorMap });
  if (!parsed.success) throw new Error(`${label} configuration is invalid: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** "a, b ,," → ["a", "b"]: the comma-separated lists (keys, origins) the variables hold. */
export const commaSeparated = () =>
  z.string().transform((text) =>
    text
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry.length > 0),
  );
