// zod issues turned into text that is safe to print or answer with. Some of zod's default
// messages quote the value received ("Invalid enum value … received 'sk_live_…'"); env
// variables and request bodies may be secrets, so these messages never carry a value.
import type { z } from 'zod';

export interface SafeIssue {
  path: string;
  message: string;
}

/** An error map that describes what was expected, never what was received. */
export const valueFreeErrorMap: z.ZodErrorMap = (issue, ctx) => {
  switch (issue.code) {
    case 'invalid_type':
      return { message: issue.received === 'undefined' ? 'is required' : `must be ${issue.expected}` };
    case 'invalid_enum_value':
      return { message: `must be one of: ${issue.options.join(', ')}` };
    case 'invalid_literal':
      return { message: 'has an unexpected value' };
    case 'unrecognized_keys':
      return { message: `unknown field(s): ${issue.keys.join(', ')}` };
    default:
      return { message: ctx.defaultError };
  }
};

export function safeIssues(error: z.ZodError): SafeIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

export function describeIssues(error: z.ZodError): string {
  return safeIssues(error)
    .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message))
    .join('; ');
}
