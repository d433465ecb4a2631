import { spawnSync, type SpawnOptions } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** How this process runs PostgreSQL's programs (initdb, postgres), which refuse to run as root. */
export interface PostgresRunner {
  /** Command and arguments that run `program` with `args`. */
  command(program: string, args: string[]): [string, string[]];
  /** Extra spawn options (the user to run as). */
  spawnOptions: Pick<SpawnOptions, 'uid' | 'gid'>;
}

/**
 * Chooses how to run PostgreSQL for the data folder `dataDir`:
 * - not root: directly;
 * - root, and `dataDir` already belongs to another user (one set up by hand, or by an earlier version of
 *   Morna): as that user;
 * - root otherwise: inside a user namespace (`unshare --user`) as `nobody`, which the kernel maps back to
 *   root outside. PostgreSQL sees a non-root user, yet it reaches root's 0700 folders (e.g. a checkout in a
 *   `mktemp -d` folder) and its files stay root's: no folder's permissions change and no OS user is added.
 * Throws a readable error when root cannot create a user namespace (old util-linux, or a sandbox forbids it).
 */
export function postgresRunner(dataDir: string): PostgresRunner {
  if (process.getuid?.() !== 0) return { command: (program, args) => [program, args], spawnOptions: {} };
  const owner = existsSync(join(dataDir, 'PG_VERSION')) ? statSync(dataDir) : undefined;
  if (owner && owner.uid !== 0) return { command: (program, args) => [program, args], spawnOptions: { uid: owner.uid, gid: owner.gid } };
  const { uid, gid } = nobody();
  const prefix = ['--user', `--map-user=${uid}`, `--map-group=${gid}`];
  const probe = spawnSync('unshare', [...prefix, 'true'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    const reason = probe.error?.message ?? probe.stderr.trim();
    throw new Error(
      `PostgreSQL cannot run as root, and running it in a user namespace failed (unshare: ${reason}). ` +
        `Run as a regular user, give ${dataDir} to a regular user (chown) so it runs as that user, or set DATABASE_URL.`,
    );
  }
  return { command: (program, args) => ['unshare', [...prefix, program, ...args]], spawnOptions: {} };
}

/** The `nobody` account (initdb needs its effective user to have a passwd entry). */
function nobody(): { uid: number; gid: number } {
  const entry = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .find((fields) => fields[0] === 'nobody');
  return entry ? { uid: Number(entry[2]), gid: Number(entry[3]) } : { uid: 65534, gid: 65534 };
}

let hasSetpriv: boolean | undefined;

/**
 * `[command, args]` run so that the kernel sends SIGINT (PostgreSQL's fast shutdown) when this process dies,
 * even by SIGKILL, which runs no exit hook: through `setpriv --pdeathsig` (util-linux) where it exists, else
 * unchanged. The setting survives the exec of `unshare` and of the server, which keep the same process.
 */
export function stoppedWithParent([command, args]: [string, string[]]): [string, string[]] {
  hasSetpriv ??= spawnSync('setpriv', ['--version']).status === 0;
  return hasSetpriv ? ['setpriv', ['--pdeathsig', 'SIGINT', command, ...args]] : [command, args];
}
