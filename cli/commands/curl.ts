// `dcs-conformance curl [--as NAME] <curl arguments>`: the signing helper of AK/SK reproductions. A
// failure's curl cannot carry its SDK-HMAC-SHA256 signature (bound to an X-Sdk-Date the target
// accepts for minutes), so reproductions of signed requests are written as this command: it signs
// the request now with the access key pair in the environment and runs curl with it.
import { spawnSync } from 'node:child_process';
import { signCurl } from '../../harness/repro/resign.ts';
import { UsageError } from '../errors.ts';
import { EXIT, type Command } from '../types.ts';

export const curlCommand: Command = {
  name: 'curl',
  help: `Usage: dcs-conformance curl [--as NAME] <curl arguments>

Runs curl with the request signed (SDK-HMAC-SHA256, a fresh X-Sdk-Date) by the access key pair in the
environment: DCS_AK and DCS_SK (and DCS_SECURITY_TOKEN for temporary keys). --as NAME signs as another
principal of the run: DCS_<NAME>_AK and DCS_<NAME>_SK (--as readonly: DCS_READONLY_AK, DCS_READONLY_SK).
The curl lines of signed requests in reports are written this way; paste them as they are:

  export DCS_AK=… DCS_SK=…
  npx dcs-conformance curl -sS -X GET 'https://dcs.example.com/v2/<project>/instances' -H 'x-project-id: <project>'

Any Authorization, X-Sdk-Date or X-Security-Token given is replaced. Exit code: curl's.`,
  async run(argv, io) {
    let args = argv;
    let prefix = 'DCS_';
    if (args[0] === '--as') {
      const name = args[1];
      if (!name || !/^[a-z][a-z0-9_]*$/i.test(name)) throw new UsageError('--as needs a principal name (letters, digits, _), e.g. --as readonly');
      prefix = `DCS_${name.toUpperCase()}_`;
      args = args.slice(2);
    }
    const ak = io.env[`${prefix}AK`]?.trim();
    const sk = io.env[`${prefix}SK`]?.trim();
    const securityToken = io.env[`${prefix}SECURITY_TOKEN`]?.trim();
    if (!ak || !sk) throw new UsageError(`set ${prefix}AK and ${prefix}SK: the access key pair the request is signed with (the signature is made now, so it cannot come from the report)`);
    let signed: string[];
    try {
      signed = signCurl(args, { ak, sk, ...(securityToken ? { securityToken } : {}) }, Date.now());
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    // curl writes straight to this terminal: bodies may be binary, and the user asked for curl's output.
    const r = spawnSync('curl', signed, { stdio: 'inherit', cwd: io.cwd, env: { ...process.env, ...io.env } });
    if (r.error) throw new UsageError(`cannot run curl (${(r.error as NodeJS.ErrnoException).code ?? r.error.message}): install curl, or send the request another way`);
    return r.status ?? EXIT.nonConformant;
  },
};
