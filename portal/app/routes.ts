import { flatRoutes } from '@remix-run/fs-routes';
import type { RouteConfig } from '@remix-run/route-config';

/** Flat routes from app/routes (`_portal.profile.tsx` → /profile inside the signed-in layout). */
export default flatRoutes() satisfies RouteConfig;
