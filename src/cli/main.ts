/** `govshare` — serve, migrate and load the demo world. */
import { Command, InvalidArgumentError } from 'commander';
import { describeErrorForLog, isDomainError } from '../shared/index.js';
import { migrateCommand, demoCommand, serveCommand } from './commands.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a non-negative integer');
  return n;
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
  .action((opts: { port?: number; demo: boolean }) => serveCommand(opts));

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

program.parseAsync(process.argv).catch((err: unknown) => {
  // Domain errors are written for users; anything else may carry SQL and values, so it is described safely.
  console.error(`govshare: ${isDomainError(err) ? err.message : String(describeErrorForLog(err).message ?? err)}`);
  process.exit(1);
});
