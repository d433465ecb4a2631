import { backOff } from 'exponential-backoff';
import { DomainError } from './errors';

/**
 * Runs a read again when it fails for a reason other than a refusal (a dropped connection, a restarting
 * database): 6 attempts, 100 ms doubling with jitter up to 2 s between them (about 4 s in all), then the
 * last error is thrown.
 */
export function retryTransient<T>(read: () => Promise<T>): Promise<T> {
  return backOff(read, {
    numOfAttempts: 6,
    startingDelay: 100,
    timeMultiple: 2,
    maxDelay: 2000,
    jitter: 'full',
    retry: (err: unknown) => !(err instanceof DomainError),
  });
}
