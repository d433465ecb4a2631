import type { LoaderFunctionArgs } from '@remix-run/node';
import { FaqSuggestions } from '../graphql/tickets.server';
import { PortalApi } from '../lib/api.server';

/** The most a suggestion lookup sends to the API (its `faqSuggestions` takes up to 500 characters). */
const MAX_TEXT = 500;

/**
 * `GET /faq/suggestions?text=…`, a resource route the new-ticket form fetches while the customer types: the published
 * FAQ entries that may already answer it, as JSON `{ suggestions: [{ id, question, answer }] }` (empty when the API
 * is unreachable: suggestions are a help, never a blocker).
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const text = (new URL(request.url).searchParams.get('text') ?? '').trim().slice(0, MAX_TEXT);
  if (text.length < 3) return Response.json({ suggestions: [] });
  const api = await PortalApi.from(request, context);
  const answer = await api.anonymous(FaqSuggestions, { text });
  return Response.json({ suggestions: answer.data?.faqSuggestions ?? [] }, { headers: { 'Cache-Control': 'no-store' } });
}
