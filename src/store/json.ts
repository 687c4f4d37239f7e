// Turns a payload into JSON text for a jsonb parameter. Done here rather than by the
// drivers because pg and PGlite serialise objects differently (arrays especially).
import { InvalidStoreInputError } from './errors';

export function toJsonText(operation: string, value: unknown): string {
  if (value === undefined) return '{}';
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new InvalidStoreInputError(operation, [`payload: ${(error as Error).message}`]);
  }
  if (text === undefined) throw new InvalidStoreInputError(operation, ['payload: not representable as JSON']);
  return text;
}
