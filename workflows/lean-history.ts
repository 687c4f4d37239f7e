// One patch for the checkout's shorter history (issue 14): runs that record it write the
// order store through local activities (a marker each, inside the workflow task, instead
// of three events and a workflow task of their own), upsert a search attribute only when
// its value changes, and record no marker for the patches that came before it.
//
// Why the older markers may go: a run records `lean-history` only when the code that
// starts it already has every path those patches guard, so each would answer true; a
// replay of such a run takes the same paths without them. Runs without this marker (all
// committed histories before it) ask each patch as before. A patch added after this one
// is asked with patched() as usual: it is not implied.
import { patched } from '@temporalio/workflow';

export const LEAN_HISTORY_PATCH = 'lean-history';

/** Recorded once, at the start of each run (the first thing the run asks). */
export function leanHistory(): boolean {
  return patched(LEAN_HISTORY_PATCH);
}

/** An older patch: true in a lean run without a marker; otherwise patched() as before. */
export function since(lean: boolean, olderPatchId: string): boolean {
  return lean || patched(olderPatchId);
}
