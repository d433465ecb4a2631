// Before `npm test`: the browser tests drive Debian's chromium (never a downloaded browser). When it is
// missing, root installs it with apt; anyone else is stopped at once with the one command that does.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const install = 'apt-get update && apt-get install -y chromium';

if (!existsSync(CHROMIUM)) {
  if (process.getuid?.() === 0) {
    console.log(`${CHROMIUM} is missing: installing Debian's chromium (${install})`);
    execFileSync('sh', ['-c', `DEBIAN_FRONTEND=noninteractive ${install}`], { stdio: 'inherit' });
  } else {
    console.error(`The browser tests need Debian's chromium at ${CHROMIUM}. Install it as root, then run npm test again:\n\n  sudo sh -c '${install}'\n`);
    process.exit(1);
  }
}
