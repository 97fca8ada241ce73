/**
 * REST response envelope (pacifica-api.md §2.1): every endpoint wraps its payload the same
 * way, success or not, and business errors carry a numeric `code`.
 */
import { z } from 'zod';

const envelopeSchema = z.object({
  success: z.boolean(),
  data: z.unknown().optional(),
  error: z.string().nullable().optional(),
  code: z.number().int().nullable().optional(),
});

export type RestEnvelope =
  | { readonly ok: true; readonly data: unknown }
  | { readonly ok: false; readonly error: string; readonly code: number | null };

/*
 * Samples (pacifica-api.md §2.1):
 *   {"success":true,"data":[...],"error":null,"code":null}
 *   {"success":false,"data":null,"error":"Insufficient balance","code":5}
 */
/** Parse a response body (already JSON-decoded); null when it is not an envelope at all. */
export function parseEnvelope(body: unknown): RestEnvelope | null {
  const r = envelopeSchema.safeParse(body);
  if (!r.success) return null;
  if (r.data.success) return { ok: true, data: r.data.data };
  return { ok: false, error: r.data.error ?? 'unknown venue error', code: r.data.code ?? null };
}
