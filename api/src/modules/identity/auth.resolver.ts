import { parse as parseCookies } from 'cookie';
import { Arg, Authorized, Ctx, Field, ID, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { ACCESS_COOKIE, REFRESH_COOKIE, resolvePrincipal } from '../../auth/principal';
import type { Context } from '../../context';
import { DomainError } from '../../shared/errors';
import { signIn } from './auth.service';
import { Customer } from './customer.entity';
import { RegisterCustomerInput, ResetPasswordInput, SignInInput, VerifyPhoneInput } from './identity.inputs';
import { requestPasswordReset, resetPassword } from './password-reset.service';
import { registerCustomer, resendVerificationCode, verifyPhone } from './registration.service';
import { refreshSession, signOut, type SessionTokens } from './session.service';
import { User } from './user.entity';

/** Tokens after sign-in. Also set as httpOnly cookies on HTTP requests (for the portal). */
@ObjectType()
export class AuthPayload {
  @Field({ description: 'Bearer token for the Authorization header; short-lived.' })
  accessToken!: string;

  @Field({ description: 'When the access token expires (UTC).' })
  accessTokenExpiresAt!: Date;

  @Field({ description: 'Exchange with refreshSession for a new access token; rotated on each use.' })
  refreshToken!: string;

  @Field(() => User)
  user!: User;
}

@ObjectType({ description: 'A pending sign-up. The same answer whether or not the username, email or phone are taken (a taken one is told to the phone by WhatsApp).' })
export class RegistrationResult {
  @Field(() => ID, { description: 'Opaque; give it to verifyPhone and resendVerificationCode.' })
  registrationId!: string;

  @Field({ description: 'The WhatsApp code (and this pending sign-up) expires at this time (UTC).' })
  verificationExpiresAt!: Date;
}

/**
 * Sets the session cookies, and makes the caller the signed-in user for the rest of the operation, so the
 * payload's `user` answers its account fields (readable by the user themself) to the one who just signed in.
 */
async function startSession(ctx: Context, session: SessionTokens): Promise<AuthPayload> {
  ctx.principal = await resolvePrincipal(ctx.em, session.accessToken, ctx.app.config.jwtSecret);
  const secure = ctx.app.config.secureCookies;
  ctx.res?.cookie(ACCESS_COOKIE, session.accessToken, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: session.accessTokenExpiresAt });
  ctx.res?.cookie(REFRESH_COOKIE, session.refreshToken, { httpOnly: true, sameSite: 'lax', secure, path: '/graphql', maxAge: ctx.app.config.refreshTokenDays * 86_400_000 });
  return session;
}

function refreshCookie(ctx: Context): string | null {
  const header = ctx.res?.req.headers.cookie;
  return header ? parseCookies(header)[REFRESH_COOKIE] ?? null : null;
}

/** Customer sign-up with WhatsApp verification, sign-in for everyone, session refresh and sign-out. */
@Resolver()
export class AuthResolver {
  @Mutation(() => RegistrationResult, {
    description: 'Customer sign-up (seed 003); sends a 6-digit code by WhatsApp. Throttled: 5 codes an hour per phone, 10 sign-ups/resends/reset requests an hour per IP (TOO_MANY_ATTEMPTS).',
  })
  async registerCustomer(@Arg('input') input: RegisterCustomerInput, @Ctx() ctx: Context): Promise<RegistrationResult> {
    const { registrationId, expiresAt } = await registerCustomer(ctx, input);
    return { registrationId, verificationExpiresAt: expiresAt };
  }

  @Mutation(() => AuthPayload, { description: 'Checks the WhatsApp code (10 minutes, 5 tries), creates the verified account and signs the customer in; its customer code is in myCustomer.' })
  async verifyPhone(@Arg('input') input: VerifyPhoneInput, @Ctx() ctx: Context): Promise<AuthPayload> {
    return startSession(ctx, await verifyPhone(ctx, input));
  }

  @Mutation(() => Date, { description: 'Sends a new verification code (at most one a minute); returns its expiry (UTC).' })
  async resendVerificationCode(@Arg('registrationId', () => ID) registrationId: string, @Ctx() ctx: Context): Promise<Date> {
    return resendVerificationCode(ctx, registrationId);
  }

  @Mutation(() => Boolean, { description: 'Sends a password-reset code by WhatsApp to the account\'s verified phone; answers true whether or not the account exists.' })
  async requestPasswordReset(@Arg('login') login: string, @Ctx() ctx: Context): Promise<boolean> {
    await requestPasswordReset(ctx, login);
    return true;
  }

  @Mutation(() => Boolean, { description: 'Sets a new password with the WhatsApp code and signs the account out everywhere; then sign in.' })
  async resetPassword(@Arg('input') input: ResetPasswordInput, @Ctx() ctx: Context): Promise<boolean> {
    await resetPassword(ctx, input);
    return true;
  }

  @Mutation(() => AuthPayload, { description: 'Sign-in with username, email or customer code and password.' })
  async signIn(@Arg('input') input: SignInInput, @Ctx() ctx: Context): Promise<AuthPayload> {
    return startSession(ctx, await signIn(ctx, input));
  }

  @Mutation(() => AuthPayload, { description: 'New tokens for a refresh token (argument, or the httpOnly cookie).' })
  async refreshSession(@Arg('refreshToken', () => String, { nullable: true }) refreshToken: string | null, @Ctx() ctx: Context): Promise<AuthPayload> {
    const token = refreshToken ?? refreshCookie(ctx);
    if (!token) throw new DomainError('REFRESH_TOKEN_INVALID');
    return startSession(ctx, await refreshSession(ctx, token));
  }

  @Mutation(() => Boolean, { description: 'Ends the session (of the refresh token and of the access token used): both stop working at once; clears the cookies.' })
  async signOut(@Arg('refreshToken', () => String, { nullable: true }) refreshToken: string | null, @Ctx() ctx: Context): Promise<boolean> {
    await signOut(ctx, refreshToken ?? refreshCookie(ctx));
    ctx.res?.clearCookie(ACCESS_COOKIE, { path: '/' });
    ctx.res?.clearCookie(REFRESH_COOKIE, { path: '/graphql' });
    return true;
  }

  @Authorized()
  @Query(() => User, { description: 'The signed-in user.' })
  me(@Ctx() ctx: Context): User {
    return ctx.principal!.user;
  }

  @Authorized()
  @Query(() => Customer, { nullable: true, description: 'The signed-in customer\'s profile (null for staff).' })
  async myCustomer(@Ctx() ctx: Context): Promise<Customer | null> {
    return ctx.principal!.customerId ? ctx.loaders.byId(Customer).load(ctx.principal!.customerId) : null;
  }
}
