import { z } from 'zod';
import type { CreateStaffUserInput, Role } from '../../graphql/generated/graphql';
import type { MessageKey } from '../../i18n/i18n';

/** The roles a staff account may hold (every role but CUSTOMER), in the order the screens list them. */
export const staffRoles: Role[] = ['MASTER', 'SUPERVISOR', 'CHINA_AGENT', 'VENEZUELA_AGENT', 'PAYMENT_VALIDATOR', 'SALES', 'SUPPORT'];

export const staffUserFields = ['username', 'displayName', 'email', 'password', 'roles'] as const;
export type StaffUserField = (typeof staffUserFields)[number];

/** What the Master typed for a new staff account. */
export interface StaffUserDraft {
  username: string;
  displayName: string;
  email: string;
  password: string;
  roles: Role[];
}

export const emptyStaffUser: StaffUserDraft = { username: '', displayName: '', email: '', password: '', roles: [] };

/**
 * A new staff account (CreateStaffUserInput's rules): a 3–32 character username of letters, digits, dot,
 * dash or underscore; a 2–120 character name; an optional email; a password of at least 8 characters; at
 * least one staff role. Errors are catalogue keys.
 */
export const staffUserSchema = z
  .object({
    username: z.string().trim().regex(/^[a-zA-Z0-9._-]{3,32}$/, 'master.users.usernameInvalid' satisfies MessageKey),
    displayName: z.string().trim().min(2, 'master.users.nameInvalid' satisfies MessageKey).max(120, 'master.users.nameInvalid' satisfies MessageKey),
    email: z
      .string()
      .trim()
      .refine((v) => v === '' || z.email().safeParse(v).success, 'master.users.emailInvalid' satisfies MessageKey)
      .transform((v) => v || null),
    password: z.string().min(8, 'master.users.passwordShort' satisfies MessageKey).max(200, 'master.users.passwordShort' satisfies MessageKey),
    roles: z.array(z.enum(staffRoles as [Role, ...Role[]])).min(1, 'master.users.rolesRequired' satisfies MessageKey),
  })
  .transform((v): CreateStaffUserInput => v);

/** Parses the draft: the API input, or one catalogue key per field in error. */
export function parseStaffUser(draft: StaffUserDraft): { input: CreateStaffUserInput } | { errors: Partial<Record<StaffUserField, MessageKey>> } {
  const parsed = staffUserSchema.safeParse(draft);
  if (parsed.success) return { input: parsed.data };
  const errors: Partial<Record<StaffUserField, MessageKey>> = {};
  for (const issue of parsed.error.issues) errors[issue.path[0] as StaffUserField] ??= issue.message as MessageKey;
  return { errors };
}
