/** `govshare` — serve, migrate, load the demo world, manage accounts and print access tokens. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { describeErrorForLog, isDomainError } from '../shared/index.js';
import { migrateCommand, demoCommand, serveCommand, tokenCommand, accountCreateCommand, accountListCommand } from './commands.js';

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

program.parseAsync(process.argv).catch((err: unknown) => {
  // Domain errors are written for users; anything else may carry SQL and values, so it is described safely.
  console.error(`govshare: ${isDomainError(err) ? err.message : String(describeErrorForLog(err).message ?? err)}`);
  process.exit(1);
});
