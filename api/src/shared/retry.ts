import { backOff } from 'exponential-backoff';

/** SQLSTATEs worth another attempt: the server went away or is starting, or the transaction lost a race. */
const TRANSIENT_SQLSTATES = new Set(['57P01', '57P02', '57P03', '40001', '40P01']);
/** Node's socket errors on the way to the database. */
const TRANSIENT_NODE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** pg and knex report a lost or unobtainable connection by message only. */
const TRANSIENT_MESSAGE = /Connection terminated|connection error and is not queryable|Timeout acquiring a connection|Client was closed/i;

/**
 * Whether `err` (or an error it wraps, as MikroORM's exceptions do) is a connection or transient database
 * failure that a later attempt may not meet: SQLSTATE class 08, 57P01–57P03, 40001, 40P01, a socket error or a
 * terminated connection. Anything else (invalid input, a missing row or table, a refusal) fails the same way
 * every time.
 */
export function isTransientDatabaseError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (code.startsWith('08') || TRANSIENT_SQLSTATES.has(code) || TRANSIENT_NODE_CODES.has(code))) return true;
    if (TRANSIENT_MESSAGE.test(e.message)) return true;
  }
  return false;
}

/**
 * Runs a read again when it fails for a transient reason (`isTransientDatabaseError`: a dropped connection, a
 * restarting database): 6 attempts, 100 ms doubling with jitter up to 2 s between them (about 4 s in all),
 * then the last error is thrown. Any other error is thrown at once.
 */
export function retryTransient<T>(read: () => Promise<T>): Promise<T> {
  return backOff(read, {
    numOfAttempts: 6,
    startingDelay: 100,
    timeMultiple: 2,
    maxDelay: 2000,
    jitter: 'full',
    retry: (err: unknown) => isTransientDatabaseError(err),
  });
}
