/**
 * Cross-site request protection for every action: the session cookie is SameSite=Lax (a cross-site POST
 * carries no session), and the action refuses a request whose Origin (or, without one, Referer) is not
 * this site. Portal pages send `Referrer-Policy: same-origin`, so browsers put the real Origin on
 * same-site form posts. A POST with neither header is refused: every browser sends Origin on POST.
 */
export function assertSameOrigin(request: Request): void {
  const expected = new URL(request.url).origin;
  const origin = request.headers.get('Origin');
  const referer = request.headers.get('Referer');
  const claimed = origin && origin !== 'null' ? origin : referer ? safeOrigin(referer) : undefined;
  if (claimed !== expected) throw new Response('Cross-site request refused', { status: 403 });
}

function safeOrigin(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** A same-site path to return to after signing in; anything else (`//evil`, `https://…`) becomes `/`. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/'): string {
  if (typeof to !== 'string' || !to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) return fallback;
  return to;
}
