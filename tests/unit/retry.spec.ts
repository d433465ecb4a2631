import { isTransientDatabaseError } from '../../api/src/shared/retry';

/** An error as pg (or MikroORM wrapping it) reports it: a message and a SQLSTATE or Node code. */
function failure(message: string, code?: string, cause?: unknown): Error {
  return Object.assign(new Error(message, { cause }), code ? { code } : {});
}

describe('isTransientDatabaseError', () => {
  it.each<[string, unknown, boolean]>([
    ['a connection failure (SQLSTATE class 08)', failure('connection failure', '08006'), true],
    ['an administrator shutdown (57P01)', failure('terminating connection due to administrator command', '57P01'), true],
    ['a crash shutdown (57P02)', failure('terminating connection due to crash of another server process', '57P02'), true],
    ['a database still starting (57P03)', failure('the database system is starting up', '57P03'), true],
    ['a serialization failure (40001)', failure('could not serialize access', '40001'), true],
    ['a deadlock (40P01)', failure('deadlock detected', '40P01'), true],
    ['a reset connection (ECONNRESET)', failure('read ECONNRESET', 'ECONNRESET'), true],
    ['a refused connection (ECONNREFUSED)', failure('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), true],
    ['a terminated connection (pg)', failure('Connection terminated unexpectedly'), true],
    ['a pool that cannot hand out a connection', failure('Knex: Timeout acquiring a connection. The pool is probably full.'), true],
    ['a connection failure wrapped by the ORM', failure('select 1 - wrapped', undefined, failure('read ECONNRESET', 'ECONNRESET')), true],
    ['invalid input syntax (22P02)', failure('invalid input syntax for type uuid: "x"', '22P02'), false],
    ['a missing table (42P01)', failure('relation "notification" does not exist', '42P01'), false],
    ['a unique violation (23505)', failure('duplicate key value violates unique constraint', '23505'), false],
    ['a row that is gone (findOneOrFail)', failure('Order not found (\'3f0c…\')'), false],
    ['a thrown string', 'boom', false],
  ])('%s is transient: %s', (_name, error, expected) => {
    expect(isTransientDatabaseError(error)).toBe(expected);
  });
});
