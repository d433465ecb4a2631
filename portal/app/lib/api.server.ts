import { redirect, type AppLoadContext } from '@remix-run/node';
import type { TypedDocumentString } from '../graphql/generated/graphql';
import { RefreshSession } from '../graphql/account.server';
import { documentRequest } from './trusted-document';
import { accessCookie, commitSession, destroySession, getSession, type PortalSession, type Tokens } from './session.server';

/** A refusal the API answered (`extensions.code` and its details), for the page to show next to the field. */
export interface Refusal {
  code: string;
  message: string;
  messageEn?: string;
  retryAfterSeconds?: number;
}

export type ApiResult<T> = { data: T; refusal?: undefined } | { data?: undefined; refusal: Refusal };

/** The API failed in a way no page can explain (network, INTERNAL_SERVER_ERROR): the error boundary shows it. */
export class ApiUnavailable extends Error {
  constructor(
    message: string,
    readonly errorId?: string,
  ) {
    super(message);
  }
}

/** Codes that are no refusal of the customer's input but a failure of the API. */
const failures = new Set(['INTERNAL_SERVER_ERROR', 'QUERY_TOO_LARGE', 'QUERY_TOO_DEEP', 'QUERY_TOO_COMPLEX', 'TOO_MANY_ALIASES', 'TOO_MANY_DIRECTIVES', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED']);

/** Seconds before expiry at which an access token is refreshed rather than sent. */
const EXPIRY_MARGIN_MS = 10_000;

/**
 * A refresh token is single-use (the API ends the session when a rotated one comes back), yet one page load
 * runs several loaders at once: they share one refresh per token, and its result is kept briefly for
 * requests that arrive with the old cookie meanwhile.
 */
const refreshes = new Map<string, Promise<Tokens | undefined>>();
const REFRESH_REMEMBER_MS = 30_000;

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; messageEn?: string; retryAfterSeconds?: number; errorId?: string } }[];
}

/**
 * The portal's one client of the API: GraphQL over HTTP to `API_URL` (by default the API serving the
 * portal), forwarding the customer's access token as a bearer and the client's IP for per-IP throttles;
 * documents go by id in production builds (see `documentRequest`).
 */
export class PortalApi {
  private changed = false;

  private constructor(
    private readonly request: Request,
    private readonly context: AppLoadContext,
    readonly session: PortalSession,
  ) {}

  static async from(request: Request, context: AppLoadContext): Promise<PortalApi> {
    return new PortalApi(request, context, await getSession(request, context));
  }

  /** Whether the session holds a customer's tokens (not checked with the API). */
  get signedIn(): boolean {
    return this.session.has('tokens');
  }

  /** Runs an operation without a customer's token (sign-up, sign-in, password reset). */
  anonymous<R, V>(document: TypedDocumentString<R, V>, variables: V): Promise<ApiResult<R>> {
    return this.send(document, variables);
  }

  /**
   * Runs an operation as the signed-in customer. An access token about to expire, or refused as
   * UNAUTHENTICATED, is refreshed once with the refresh token (new tokens go back into the cookie: send
   * `headers()`); without a session, or when the refresh fails, redirects to sign-in with `redirectTo`.
   */
  async asCustomer<R, V>(document: TypedDocumentString<R, V>, variables: V): Promise<ApiResult<R>> {
    let tokens = this.session.get('tokens');
    if (!tokens) throw await this.toSignIn(false);
    if (Date.parse(tokens.accessTokenExpiresAt) - EXPIRY_MARGIN_MS <= Date.now()) tokens = await this.refresh(tokens);
    const result = await this.send(document, variables, tokens.accessToken);
    if (result.refusal?.code !== 'UNAUTHENTICATED') return result;
    return this.send(document, variables, (await this.refresh(tokens)).accessToken);
  }

  /**
   * For public pages that show a customer a little more (the support page's customer code): runs the operation
   * as the signed-in customer as `asCustomer` does, and answers undefined without a session or when it can no
   * longer be refreshed (the stale session is dropped; send `headers()`), instead of redirecting to sign-in.
   */
  async whenSignedIn<R, V>(document: TypedDocumentString<R, V>, variables: V): Promise<ApiResult<R> | undefined> {
    if (!this.signedIn) return undefined;
    try {
      return await this.asCustomer(document, variables);
    } catch (err) {
      if (!(err instanceof Response)) throw err;
      this.session.unset('tokens');
      this.changed = true;
      return undefined;
    }
  }

  /**
   * Streams an image to the API's `POST /uploads` as the signed-in customer (the token stays on the server)
   * and answers the API's status and JSON body: `{ id, … }` (201) or `{ errors: [{ extensions: { code } }] }`.
   * An access token about to expire is refreshed first; the body cannot be sent twice, so there is no retry.
   */
  async uploadImage(body: ReadableStream<Uint8Array>, contentType: string, contentLength: string | null): Promise<{ status: number; body: unknown }> {
    let tokens = this.session.get('tokens');
    if (!tokens) return { status: 401, body: { errors: [{ message: 'Sign in', extensions: { code: 'UNAUTHENTICATED' } }] } };
    if (Date.parse(tokens.accessTokenExpiresAt) - EXPIRY_MARGIN_MS <= Date.now()) tokens = await this.refresh(tokens);
    const headers: Record<string, string> = { 'Content-Type': contentType, Authorization: `Bearer ${tokens.accessToken}`, 'X-Forwarded-For': this.context.portal.clientIp };
    if (contentLength) headers['Content-Length'] = contentLength;
    try {
      const response = await fetch(`${this.context.portal.apiUrl}/uploads`, { method: 'POST', headers, body, signal: this.request.signal, duplex: 'half' } as RequestInit);
      return { status: response.status, body: await response.json() };
    } catch (err) {
      throw new ApiUnavailable(`API unreachable: ${(err as Error).message}`);
    }
  }

  /** Stores the tokens of a new sign-in. */
  signIn(tokens: Tokens): void {
    this.session.set('tokens', tokens);
    this.changed = true;
  }

  /** Marks the session as changed by the caller (flash messages, pending sign-up). */
  touch(): void {
    this.changed = true;
  }

  /**
   * Set-Cookie for a changed session (refreshed tokens, a sign-in), to put on the response: the portal's
   * session and the API's access-token cookie that the browser's live connection uses.
   */
  async headers(): Promise<Headers> {
    const headers = new Headers();
    if (!this.changed) return headers;
    headers.append('Set-Cookie', await commitSession(this.context, this.session));
    const tokens = this.session.get('tokens');
    if (tokens) headers.append('Set-Cookie', accessCookie(this.context, tokens));
    return headers;
  }

  /** Set-Cookie headers that end the portal session and remove the access-token cookie. */
  async destroy(): Promise<Headers> {
    const headers = new Headers();
    headers.append('Set-Cookie', await destroySession(this.context, this.session));
    headers.append('Set-Cookie', accessCookie(this.context));
    return headers;
  }

  /**
   * Makes sure the session's access token is valid for at least a few more seconds, refreshing it when not
   * (send `headers()`). False when there is no session or the refresh was refused (the session is over).
   */
  async ensureFresh(): Promise<boolean> {
    const tokens = this.session.get('tokens');
    if (!tokens) return false;
    if (Date.parse(tokens.accessTokenExpiresAt) - EXPIRY_MARGIN_MS > Date.now()) return true;
    return Boolean(await this.refreshedAndKept(tokens));
  }

  /** Like `refresh`, for answers that are no page: undefined instead of a redirect when the session is over. */
  private async refreshedAndKept(tokens: Tokens): Promise<Tokens | undefined> {
    const fresh = await this.refreshed(tokens);
    if (fresh) this.signIn(fresh);
    return fresh;
  }

  private async refresh(tokens: Tokens): Promise<Tokens> {
    const fresh = await this.refreshedAndKept(tokens);
    if (!fresh) throw await this.toSignIn(true);
    return fresh;
  }

  /** The tokens that replace `tokens` (one refresh shared by concurrent requests), or undefined when refused. */
  private refreshed(tokens: Tokens): Promise<Tokens | undefined> {
    let pending = refreshes.get(tokens.refreshToken);
    if (!pending) {
      pending = this.send(RefreshSession, { refreshToken: tokens.refreshToken }).then((r) => (r.data ? r.data.refreshSession : undefined));
      refreshes.set(tokens.refreshToken, pending);
      setTimeout(() => refreshes.delete(tokens.refreshToken), REFRESH_REMEMBER_MS).unref();
    }
    return pending;
  }

  private async toSignIn(expired: boolean): Promise<Response> {
    const url = new URL(this.request.url);
    const params = new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` });
    if (expired) params.set('expired', '1');
    return redirect(`/sign-in?${params}`, { headers: await this.destroy() });
  }

  private async send<R, V>(document: TypedDocumentString<R, V>, variables: V, accessToken?: string): Promise<ApiResult<R>> {
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      Accept: 'application/graphql-response+json, application/json',
      'X-Forwarded-For': this.context.portal.clientIp,
      // A first-party client: the API holds it to the built documents (trusted documents).
      'X-Morna-Client': 'portal',
    };
    if (accessToken) headers.Authorization = `Bearer ${accessToken}`;
    let body: GraphQLResponse<R>;
    try {
      const response = await fetch(`${this.context.portal.apiUrl}/graphql`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ ...documentRequest(document), variables }),
        signal: this.request.signal,
      });
      body = (await response.json()) as GraphQLResponse<R>;
    } catch (err) {
      throw new ApiUnavailable(`API unreachable: ${(err as Error).message}`);
    }
    const [error] = body.errors ?? [];
    if (!error) return { data: body.data as R };
    const code = error.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
    if (failures.has(code)) throw new ApiUnavailable(`${code}: ${error.message}`, error.extensions?.errorId);
    return { refusal: { code, message: error.message, messageEn: error.extensions?.messageEn, retryAfterSeconds: error.extensions?.retryAfterSeconds } };
  }
}
