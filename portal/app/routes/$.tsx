/** Any path no route claims: the portal's own 404 page (root error boundary), with status 404. */
export function loader() {
  throw new Response('Not found', { status: 404 });
}

export default function NotFound() {
  return null;
}
