import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { graphql } from '../graphql/generated';
import type { BackofficeMeQuery } from '../graphql/generated/graphql';
import { auth } from './auth';

const Me = graphql(`
  query BackofficeMe { me { id displayName kind roles permissions } }
`);
const SignOut = graphql(`
  mutation BackofficeSignOut { signOut }
`);

/** The signed-in member of staff as the back-office knows them. */
export type Staff = BackofficeMeQuery['me'];

interface Session {
  /** Null while signed out (the sign-in page shows). */
  staff: Staff | null;
  /** The session ended while working: the sign-in form shows over the page, which keeps its state. */
  expired: boolean;
  /** Whether the signed-in staff member holds `permission` (e.g. `quote:source`). */
  can(permission: string): boolean;
  /** After a successful sign-in (the cookies are set): reads `me` again. */
  signedIn(): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

/**
 * Who is signed in, from `me` over the httpOnly session cookies. A different person signing in over an
 * expired session starts from a clean cache (the page under the form belonged to someone else).
 */
export function SessionProvider({ children, loading }: { children: ReactNode; loading: ReactNode }) {
  const client = useApolloClient();
  const me = useQuery(Me, { fetchPolicy: 'network-only', notifyOnNetworkStatusChange: false });
  const [staff, setStaff] = useState<Staff | null>(null);
  const [expired, setExpired] = useState(auth.isExpired());
  const [signOutMutation] = useMutation(SignOut);

  useEffect(() => auth.subscribe(() => setExpired(auth.isExpired())), []);
  useEffect(() => {
    if (me.data?.me) setStaff(me.data.me.kind === 'STAFF' ? me.data.me : null);
  }, [me.data]);

  const signedIn = useCallback(async () => {
    const { data } = await client.query({ query: Me, fetchPolicy: 'network-only' });
    const next = data?.me ?? null;
    if (staff && next && next.id !== staff.id) await client.clearStore();
    setStaff(next);
    auth.settled();
  }, [client, staff]);

  const signOut = useCallback(async () => {
    await signOutMutation().catch(() => undefined);
    await client.clearStore();
    setStaff(null);
    auth.settled();
  }, [client, signOutMutation]);

  const value = useMemo<Session>(() => {
    const permissions = new Set(staff?.permissions ?? []);
    return { staff, expired: expired && staff !== null, can: (p) => permissions.has(p), signedIn, signOut };
  }, [staff, expired, signedIn, signOut]);

  if (me.loading && !staff) return <>{loading}</>;
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
