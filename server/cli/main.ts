/** `govshare` — serve, migrate, load the demo world, manage accounts, print access tokens, verify and archive the audit ledger, bind sources and sync them. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { describeErrorForLog, isDomainError } from '../../shared/index.js';
import { migrateCommand, demoCommand, serveCommand, tokenCommand, accountCreateCommand, accountListCommand } from './commands.js';
import { registerSourceCommands } from './sourceCommands.js';
import { auditArchiveCommand, auditCheckpointCommand, auditPruneCommand, auditVerifyArchiveCommand, auditVerifyCommand } from './auditCommands.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a non-negative integer');
  return n;
}

function commaList(value: string): string[] {
  return value.split(',').map((v) => v.trim()).filter(Boolean);
}

const program = new Command('govshare')
  .description('govshare: the government information-resource sharing platform')
  .showHelpAfterError()
  .addHelpText('after', '\nEnvironment: PORT (3000), DATABASE_URL (sqlite:./data/govshare.sqlite or postgres://…), LOG_LEVEL, NODE_ENV.');

program
  .command('serve')
  .description('migrate, load the demo world on first start, and serve the portal and API')
  .option('-p, --port <port>', 'port to listen on (default: PORT or 3000)', positiveInt)
  .option('--no-demo', 'do not load the demo world into an empty catalog')
  .option('--no-ledger', 'do not record exchanges in the audit ledger (benchmarking only; never in production)')
  .action((opts: { port?: number; demo: boolean; ledger: boolean }) => serveCommand(opts));

program
  .command('migrate')
  .description('bring the database schema up to date')
  .option('--down', 'roll every migration back (drops the catalog tables)')
  .action((opts: { down?: boolean }) => migrateCommand(opts));

program
  .command('demo')
  .description('(re)load the deterministic synthetic demo world of Qingyuan')
  .option('--persons <n>', 'persons to generate (others scale with it)', positiveInt)
  .option('--seed <s>', 'seed of the generator; the same seed yields the same world', positiveInt)
  .action((opts: { persons?: number; seed?: number }) => demoCommand(opts));

program
  .command('token')
  .description('print an access token (JWT) for a registered, enabled account; operator use on the server machine')
  .requiredOption('--client <id>', 'the account\'s client id, e.g. hrss-client')
  .action((opts: { client: string }) => tokenCommand(opts));

const account = program.command('account').description('manage department accounts');

account
  .command('create')
  .description('add an account and print its client id and secret (shown only once)')
  .requiredOption('--department <code>', 'the department the account belongs to')
  .requiredOption('--client-id <id>', 'OAuth2 client id: 3-64 lowercase letters, digits or hyphens')
  .requiredOption('--name <name>', 'who or what the account is for')
  .requiredOption('--roles <roles>', 'comma-separated: operator, publisher, approver, consumer, supervisor', commaList)
  .addOption(new Option('--kind <kind>', 'a person or a service client').choices(['service', 'person']).default('service'))
  .option('--secret <secret>', 'the secret to set (default: a generated one; prefer it, a command line is visible to others)')
  .action((opts: Parameters<typeof accountCreateCommand>[0]) => accountCreateCommand(opts));

account
  .command('list')
  .description('list accounts, with their kind, department, roles and status (never secrets)')
  .option('--department <code>', 'only this department\'s accounts')
  .action((opts: { department?: string }) => accountListCommand(opts));

const audit = program.command('audit').description('verify, checkpoint and archive the audit ledger');

audit
  .command('verify')
  .description('walk the whole audit ledger and its checkpoints; exit 0 when intact, else 1 naming the first bad entry')
  .option('--checkpoints <file>', 'also check against checkpoints exported earlier (audit checkpoint --out) and kept elsewhere')
  .option('--public-key <file>', 'check Ed25519 checkpoint signatures with this public key (PEM) instead of the configured key')
  .action((opts: { checkpoints?: string; publicKey?: string }) => auditVerifyCommand(opts));

audit
  .command('checkpoint')
  .description('verify the ledger, then sign its head now (HMAC key, or the Ed25519 key of GOVSHARE_LEDGER_SIGNING_KEY_FILE)')
  .option('--out <file>', 'write every checkpoint to this JSON file, to keep outside the database')
  .option('--no-verify', 'sign without verifying the ledger first')
  .action((opts: { out?: string; verify: boolean }) => auditCheckpointCommand(opts));

audit
  .command('archive')
  .description('write the entries after the last archive to a JSON Lines file, sealed and linked to that archive (entries are not deleted)')
  .option('--through <seq>', 'archive up to and including this entry', positiveInt)
  .option('--before <instant>', 'archive the entries appended before this ISO date or instant')
  .requiredOption('--out <file>', 'the archive file to write (must not exist)')
  .action((opts: { through?: number; before?: string; out: string }) => auditArchiveCommand(opts));

audit
  .command('prune')
  .description('retention: remove archived entries from the database (whole archives only; keep the archive files)')
  .action(() => auditPruneCommand());

audit
  .command('verify-archive')
  .description('verify an archive file offline: its entries, its seal and its link to the previous archive; exit 0 when intact, else 1')
  .argument('<file>', 'the archive file')
  .option('--previous <file>', 'the archive file before it, to check the link')
  .option('--checkpoints <file>', 'checkpoints (JSON) that the archived entries must match')
  .option('--public-key <file>', 'check Ed25519 checkpoint signatures with this public key (PEM)')
  .action((file: string, opts: { previous?: string; checkpoints?: string; publicKey?: string }) => auditVerifyArchiveCommand(file, opts));

registerSourceCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  // Domain errors are written for users; anything else may carry SQL and values, so it is described safely.
  console.error(`govshare: ${isDomainError(err) ? err.message : String(describeErrorForLog(err).message ?? err)}`);
  process.exit(1);
});
