import { z } from 'zod';
import type { CreateApiKeyInput, Role } from '../../graphql/generated/graphql';
import type { MessageKey } from '../../i18n/i18n';

/** Every role a key may carry, in the order the screens list them (a customer key acts as one customer). */
export const keyRoles: Role[] = ['CUSTOMER', 'SUPPORT', 'SALES', 'SUPERVISOR', 'CHINA_AGENT', 'VENEZUELA_AGENT', 'PAYMENT_VALIDATOR', 'MASTER'];

export const apiKeyFields = ['name', 'role', 'customerCode', 'expiresOn', 'requestsPerMinute', 'requestsPerDay'] as const;
export type ApiKeyField = (typeof apiKeyFields)[number];

/** What the Master typed for a new key; the limits stay empty for the API's defaults. */
export interface ApiKeyDraft {
  name: string;
  role: Role;
  customerCode: string;
  /** A day (YYYY-MM-DD): the key works until the end of that day, UTC. */
  expiresOn: string;
  requestsPerMinute: string;
  requestsPerDay: string;
}

export const emptyApiKey = (): ApiKeyDraft => ({ name: '', role: 'SUPPORT', customerCode: '', expiresOn: '', requestsPerMinute: '', requestsPerDay: '' });

const limit = (max: number, message: MessageKey) =>
  z
    .string()
    .trim()
    .refine((v) => v === '' || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= max), message)
    .transform((v) => (v === '' ? null : Number(v)));

/**
 * A new key (CreateApiKeyInput's rules): a 1–100 character name; a customer code with the CUSTOMER role and
 * none with another; an expiry day after today and at most 366 days away (`today`, YYYY-MM-DD UTC, passed in);
 * optional limits per minute (1–100000) and per day (1–10000000). Errors are catalogue keys.
 */
export function apiKeySchema(today: string) {
  const lastDay = new Date(Date.parse(`${today}T00:00:00Z`) + 365 * 86_400_000).toISOString().slice(0, 10);
  return z
    .object({
      name: z.string().trim().min(1, 'master.keys.nameInvalid' satisfies MessageKey).max(100, 'master.keys.nameInvalid' satisfies MessageKey),
      role: z.enum(keyRoles as [Role, ...Role[]]),
      customerCode: z.string().trim(),
      expiresOn: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'master.keys.expiryInvalid' satisfies MessageKey)
        .refine((v) => v >= today && v <= lastDay, 'master.keys.expiryInvalid' satisfies MessageKey),
      requestsPerMinute: limit(100_000, 'master.keys.perMinuteInvalid'),
      requestsPerDay: limit(10_000_000, 'master.keys.perDayInvalid'),
    })
    .superRefine((v, ctx) => {
      if (v.role === 'CUSTOMER' && !v.customerCode) ctx.addIssue({ code: 'custom', path: ['customerCode'], message: 'master.keys.customerRequired' satisfies MessageKey });
    })
    .transform(
      (v): CreateApiKeyInput => ({
        name: v.name,
        role: v.role,
        customerCode: v.role === 'CUSTOMER' ? v.customerCode : null,
        expiresAt: `${v.expiresOn}T23:59:59.999Z`,
        requestsPerMinute: v.requestsPerMinute,
        requestsPerDay: v.requestsPerDay,
      }),
    );
}

/** Parses the draft: the API input, or one catalogue key per field in error. */
export function parseApiKey(draft: ApiKeyDraft, today: string): { input: CreateApiKeyInput } | { errors: Partial<Record<ApiKeyField, MessageKey>> } {
  const parsed = apiKeySchema(today).safeParse(draft);
  if (parsed.success) return { input: parsed.data };
  const errors: Partial<Record<ApiKeyField, MessageKey>> = {};
  for (const issue of parsed.error.issues) errors[issue.path[0] as ApiKeyField] ??= issue.message as MessageKey;
  return { errors };
}
