// Every provider maps its statuses with an exhaustive table; this turns a table into
// the lookup the adapters use. A status outside the table is 'unknown' (logged and
// counted, the checkout keeps waiting), never silently 'wait'.
import type { OutcomeKind } from '../../workflows/domain';

export function outcomeLookup<S extends string>(table: Readonly<Record<S, OutcomeKind>>) {
  const isKnown = (status: string): status is S => Object.prototype.hasOwnProperty.call(table, status);
  return {
    isKnown,
    outcomeOf: (status: string): OutcomeKind => (isKnown(status) ? table[status] : 'unknown'),
  };
}
