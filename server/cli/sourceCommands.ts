/**
 * `govshare source …` binds resources to their sources; `govshare sync …` runs them, with a
 * progress bar on stderr and a report table on stdout. Bindings are shown redacted. A failed run
 * sets exit code 1 and says why.
 */
import { readFileSync } from 'node:fs';
import cliProgress from 'cli-progress';
import { Command, InvalidArgumentError, Option } from 'commander';
import { redactBinding, SourceBindings, SOURCE_KINDS, SYNC_MODES, SyncRunner, type ColumnMapping, type RunReport, type SourceKind, type StoredBinding, type SyncMode } from '../../adapters/index.js';
import { Catalog } from '../../catalog/index.js';
import { allMigrations } from '../migrations.js';
import { InputError, isDomainError, loadConfig, migrateLatest, openDatabase } from '../../shared/index.js';
import { formatTable } from './table.js';

interface Services {
  catalog: Catalog;
  bindings: SourceBindings;
  runner: SyncRunner;
}

async function withServices(work: (s: Services) => Promise<void>): Promise<void> {
  const db = await openDatabase(loadConfig().databaseUrl);
  try {
    await migrateLatest(db.knex, allMigrations);
    const catalog = new Catalog(db);
    const bindings = new SourceBindings(db, catalog);
    await work({ catalog, bindings, runner: new SyncRunner(db, catalog, bindings) });
  } finally {
    await db.knex.destroy();
  }
}

const NUMERIC_OPTIONS = new Set(['timeoutMs', 'retries', 'paging.size', 'paging.limit', 'paging.start']);

/** `key=value` pairs into source options: `headers.NAME=…` and `paging.KEY=…` nest; a few keys are numbers. */
export function parseSourceOptions(pairs: readonly string[]): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new InputError('invalid --option', [{ field: 'option', message: `"${pair}" is not key=value` }]);
    const key = pair.slice(0, eq);
    let value: unknown = pair.slice(eq + 1);
    if (NUMERIC_OPTIONS.has(key)) value = Number(value);
    if (key === 'delimiter' && (value === '\\t' || value === 'tab')) value = '\t';
    const dot = key.indexOf('.');
    if (dot > 0 && (key.startsWith('headers.') || key.startsWith('paging.'))) {
      const group = key.slice(0, dot);
      options[group] = { ...(options[group] as object | undefined), [key.slice(dot + 1)]: value };
    } else options[key] = value;
  }
  return options;
}

function readMapping(file: string): ColumnMapping[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError('invalid --mapping', [{ field: 'mapping', message: `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}` }]);
  }
  try {
    return JSON.parse(text) as ColumnMapping[];
  } catch {
    throw new InputError('invalid --mapping', [{ field: 'mapping', message: `${file} is not JSON (an array of {column, item, values?, dateFormat?})` }]);
  }
}

function describeBinding(b: StoredBinding): string {
  return JSON.stringify(redactBinding(b), null, 2);
}

function share(value: string): number {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError('must be a share from 0 to 1, e.g. 0.1');
  return n;
}

function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a non-negative integer');
  return n;
}

// ---- source ----

interface SetOptions {
  kind: SourceKind;
  location: string;
  mapping?: string;
  mode?: SyncMode;
  option: string[];
  live?: boolean;
  maxQuarantine?: number;
  scheduleMinutes?: number;
}

async function sourceSet(resource: string, opts: SetOptions): Promise<void> {
  const input = {
    resource,
    kind: opts.kind,
    location: opts.location,
    options: parseSourceOptions(opts.option),
    mapping: opts.mapping ? readMapping(opts.mapping) : [],
    mode: opts.mode,
    live: opts.live ?? false,
    maxQuarantineShare: opts.maxQuarantine,
    scheduleMinutes: opts.scheduleMinutes,
  };
  await withServices(async ({ bindings }) => {
    const binding = await bindings.set(input);
    console.log(`bound ${binding.resource} to its ${binding.kind} source (${binding.live ? 'live' : `${binding.mode} sync`}):`);
    console.log(describeBinding(binding));
  });
}

async function sourceList(): Promise<void> {
  await withServices(async ({ bindings }) => {
    const all = await bindings.list();
    if (!all.length) return console.log('no source bindings');
    const rows = all.map((b) => [b.resource, b.kind, b.live ? 'live' : b.mode, b.scheduleMinutes === undefined ? 'cycle' : `${b.scheduleMinutes} min`, redactBinding(b).location]);
    console.log(formatTable([['RESOURCE', 'KIND', 'MODE', 'SCHEDULE', 'LOCATION'], ...rows]));
  });
}

// ---- sync ----

function reportTable(reports: RunReport[]): string {
  const rows = reports.map((r) => [
    String(r.id), r.resource, r.mode, r.status, String(r.read), String(r.loaded), String(r.updated), String(r.unchanged), String(r.quarantined), String(r.superseded),
    r.durationMs === null ? '' : (r.durationMs / 1000).toFixed(1),
  ]);
  return formatTable([['RUN', 'RESOURCE', 'MODE', 'STATUS', 'READ', 'LOADED', 'UPDATED', 'UNCHANGED', 'QUARANTINED', 'SUPERSEDED', 'SECONDS'], ...rows]);
}

function progressBar(resource: string): cliProgress.SingleBar | undefined {
  if (!process.stderr.isTTY) return undefined;
  const bar = new cliProgress.SingleBar(
    { format: `sync ${resource} | {value} rows | {speed} rows/s | {quarantined} quarantined`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(0, 0, { speed: 0, quarantined: 0 });
  return bar;
}

async function sync(resource: string | undefined, opts: { all?: boolean; mode?: SyncMode }): Promise<void> {
  if (!resource === !opts.all) throw new InputError('invalid sync', [{ field: 'resource', message: 'give one resource, or --all' }]);
  // Ctrl-C stops the run cleanly: it fails as aborted and the live data stays as it was.
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  await withServices(async ({ bindings, runner }) => {
    const targets = opts.all ? (await bindings.list()).filter((b) => !b.live).map((b) => b.resource) : [resource!];
    if (!targets.length) return console.log('no bound resources to sync');
    const reports: RunReport[] = [];
    const refused: string[] = [];
    for (const target of targets) {
      if (controller.signal.aborted) break;
      const bar = progressBar(target);
      try {
        reports.push(await runner.run(target, { mode: opts.mode, signal: controller.signal, onProgress: (p) => bar?.update(p.read, { speed: p.rowsPerSecond, quarantined: p.quarantined }) }));
      } catch (err) {
        // With --all, one resource that cannot start (already running, say) does not stop the others.
        if (!opts.all || !isDomainError(err)) throw err;
        refused.push(`${target}: ${err.message}`);
      } finally {
        bar?.stop();
      }
    }
    if (reports.length) console.log(reportTable(reports));
    for (const r of reports.filter((r) => r.status === 'failed')) console.error(`govshare: sync of ${r.resource} failed (run ${r.id}): ${r.error}`);
    for (const line of refused) console.error(`govshare: sync of ${line}`);
    if (refused.length || reports.some((r) => r.status === 'failed')) process.exitCode = 1;
  });
}

async function syncQuarantine(runId: number, opts: { first: number; after?: string }): Promise<void> {
  await withServices(async ({ runner }) => {
    const page = await runner.quarantine(runId, { first: opts.first, after: opts.after });
    if (!page.rows.length) return console.log(`run ${runId} quarantined no rows`);
    console.log(formatTable([['POSITION', 'FIELD', 'REASON'], ...page.rows.map((q) => [String(q.position), q.field ?? '(record)', q.reason])]));
    if (page.next) console.log(`more: govshare sync quarantine ${runId} --after ${page.next}`);
  });
}

async function syncRuns(resource: string | undefined, opts: { limit: number }): Promise<void> {
  await withServices(async ({ runner }) => {
    const runs = await runner.runs(resource, opts.limit);
    console.log(runs.length ? reportTable(runs) : 'no sync runs');
    for (const r of runs.filter((r) => r.error)) console.log(`run ${r.id}: ${r.error}`);
  });
}

export function registerSourceCommands(program: Command): void {
  const source = program.command('source').description('bind resources to the systems their data comes from (secrets are never shown)');
  source
    .command('set')
    .description('bind a resource (code or apiName) to its source, replacing any binding it had')
    .argument('<resource>', 'the resource code or apiName')
    .addOption(new Option('--kind <kind>', 'the kind of source').choices([...SOURCE_KINDS]).makeOptionMandatory())
    .requiredOption('--location <url-or-path>', 'database URL (sql), list URL (rest) or file path (csv, excel)')
    .option('--mapping <file>', 'JSON array of {column, item, values?, dateFormat?}; without it, columns named like the items map themselves')
    .addOption(new Option('--mode <mode>', 'how runs bring the data in (default full)').choices([...SYNC_MODES]))
    .option('--option <key=value>', 'a source option, repeatable: table, query, watermark, encoding, delimiter, sheet, recordsPath, paging.type, headers.NAME, timeoutMs, retries, lookupUrl', (v: string, all: string[]) => [...all, v], [])
    .option('--live', 'forward queries to the source instead of copying its data (sql, rest)')
    .option('--max-quarantine <share>', 'a run quarantining more than this share of rows fails (default 0.1)', share)
    .option('--schedule-minutes <n>', 'sync every n minutes instead of by the update cycle; 0: only when asked', count)
    .action((resource: string, opts: SetOptions) => sourceSet(resource, opts));
  source
    .command('show')
    .description('show a resource\'s binding (redacted)')
    .argument('<resource>', 'the resource code or apiName')
    .action((resource: string) => withServices(async ({ bindings }) => console.log(describeBinding(await bindings.get(resource)))));
  source.command('list').description('list the bindings (redacted)').action(() => sourceList());
  source
    .command('remove')
    .description('remove a resource\'s binding (its data and run history stay)')
    .argument('<resource>', 'the resource code or apiName')
    .action((resource: string) => withServices(async ({ bindings }) => {
      await bindings.remove(resource);
      console.log(`removed the binding of ${resource}`);
    }));

  const syncCommand = program
    .command('sync')
    .description('sync a resource (or --all bound resources) from its source, with a progress bar and a final report')
    .argument('[resource]', 'the resource code or apiName')
    .option('--all', 'every bound resource that is not live')
    .addOption(new Option('--mode <mode>', 'override the binding\'s mode for this run').choices([...SYNC_MODES]))
    .action((resource: string | undefined, opts: { all?: boolean; mode?: SyncMode }) => sync(resource, opts));
  syncCommand
    .command('quarantine')
    .description('print the rows a run quarantined: position, field and reason')
    .argument('<run>', 'the run id', count)
    .option('--first <n>', 'rows to print (default 1000)', count, 1000)
    .option('--after <cursor>', 'continue after this cursor')
    .action((run: number, opts: { first: number; after?: string }) => syncQuarantine(run, opts));
  syncCommand
    .command('runs')
    .description('print the run history, newest first')
    .argument('[resource]', 'only this resource')
    .option('--limit <n>', 'runs to print (default 20)', count, 20)
    .action((resource: string | undefined, opts: { limit: number }) => syncRuns(resource, opts));
}
