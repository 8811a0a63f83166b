/**
 * Where a schema sets no message of its own, zod's built-in one is used: in Russian, so that no
 * answer of the main process and no form error falls back to English. The common checks get our
 * own words (field-messages.ts `zod.*`), so they carry a code the renderer says in Belarusian;
 * the rare rest keeps zod's Russian locale.
 */
import { z } from 'zod';
import { fieldMessage, type FieldMessageCode } from './field-messages';

const typeCodes: Partial<Record<string, FieldMessageCode>> = {
  string: 'zod.invalid_type.string',
  number: 'zod.invalid_type.number',
  boolean: 'zod.invalid_type.boolean',
  object: 'zod.invalid_type.object',
  array: 'zod.invalid_type.array',
  int: 'zod.not_integer',
};
const sizeOrigins = ['string', 'number', 'array'] as const;
const isSizeOrigin = (origin: unknown): origin is (typeof sizeOrigins)[number] => sizeOrigins.some((o) => o === origin);

/** Our words for a built-in issue; undefined leaves it to zod's Russian locale. */
export function builtInIssueMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined && issue.expected !== 'undefined') return fieldMessage('zod.required');
      const code = typeCodes[issue.expected];
      return code && fieldMessage(code);
    }
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return fieldMessage('zod.required');
      return isSizeOrigin(issue.origin) ? fieldMessage(`zod.too_small.${issue.origin}`, { minimum: Number(issue.minimum) }) : undefined;
    case 'too_big':
      return isSizeOrigin(issue.origin) ? fieldMessage(`zod.too_big.${issue.origin}`, { maximum: Number(issue.maximum) }) : undefined;
    case 'invalid_format':
      return fieldMessage('zod.invalid_format');
    case 'invalid_value':
      return fieldMessage('zod.invalid_value');
    case 'unrecognized_keys':
      return fieldMessage('request.unknown_field');
    default:
      return undefined;
  }
}

z.config(z.locales.ru());
z.config({ customError: builtInIssueMessage });
