import { z } from 'zod';

/** Project key chosen by the caller (unique per org), see CONVENTIONS "Projects". */
export const projectIdField = () =>
  z
    .string({ message: 'must be a string' })
    .regex(
      /^[a-z0-9][a-z0-9._-]{0,62}$/,
      'must be 1 to 63 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit',
    );

export const uuidField = () => z.string({ message: 'must be a string' }).uuid('must be a UUID');

/** An absolute http(s) URL; anything else (file:, gopher:, javascript:, relative) is refused at the edge. */
export const httpUrlField = () =>
  z
    .string({ message: 'must be a string' })
    .max(2048, 'must be at most 2048 characters')
    .refine(isHttpUrl, 'must be an absolute http or https URL');

/** Opaque key that makes a retried POST return the original result. */
export const idempotencyKeyField = () =>
  z
    .string({ message: 'must be a string' })
    .min(1, 'must not be empty')
    .max(255, 'must be at most 255 characters')
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}
