import { z } from 'zod';
import type { T } from '../i18n/i18n';

/**
 * One schema per form, used by conform in the browser (as the user types) and by the route's action on the
 * server. Built from `t` so the messages are in the page's language. Rules mirror the API's inputs
 * (RegisterCustomerInput and friends); the API stays the judge and its refusals are shown beside the field.
 */

const required = (t: T) => z.string({ error: t('form.required') }).trim().min(1, t('form.required'));
const sixDigits = (t: T) => required(t).regex(/^\d{6}$/, t('verify.codeInvalid'));
const password = (t: T) => z.string({ error: t('form.required') }).min(8, t('signUp.passwordShort'));

export const signInSchema = (t: T) =>
  z.object({
    login: required(t),
    password: z.string({ error: t('form.required') }).min(1, t('form.required')),
    redirectTo: z.string().optional(),
  });

export const signUpSchema = (t: T) =>
  z.object({
    fullName: required(t).max(120),
    username: required(t).regex(/^[A-Za-z0-9._-]{3,32}$/, t('signUp.usernameInvalid')),
    phone: required(t).regex(/^\+?[\d\s().-]{7,20}$/, t('signUp.phoneInvalid')),
    email: z.email(t('signUp.emailInvalid')).optional(),
    password: password(t),
  });

export const verifySchema = (t: T) => z.object({ code: sixDigits(t) });

export const resetRequestSchema = (t: T) => z.object({ login: required(t) });

export const resetPasswordSchema = (t: T) => z.object({ code: sixDigits(t), newPassword: password(t) });
