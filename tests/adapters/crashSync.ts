/**
 * A sync the crash tests kill with SIGKILL part-way: argv <database url> <mode> <rows> <commitRows>
 * <mergeChunkRows> [csv file]. Syncs `person` from the persons 0…rows-1 in their moved version —
 * read slowly enough that the test can watch the run row and kill it mid-load or mid-merge, or, with
 * a file, from that generated CSV file through the csv adapter at full speed.
 */
import { Catalog } from '../../catalog/index.js';
import { csvSource, rowsSource, SourceBindings, SyncRunner, type SyncMode } from '../../adapters/index.js';
import { openDatabase } from '../../shared/index.js';
import { moved, personRecords } from './syncSupport.js';

const [url, mode, rows, commitRows, mergeChunkRows, file] = process.argv.slice(2) as [string, SyncMode, string, string, string, string | undefined];

async function* slowly() {
  let i = 0;
  for (const r of personRecords(Number(rows), 0, moved)) {
    if (++i % 1000 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    yield r;
  }
}

const db = await openDatabase(url);
const catalog = new Catalog(db);
const runner = new SyncRunner(db, catalog, new SourceBindings(db, catalog), {
  commitRows: Number(commitRows),
  mergeChunkRows: Number(mergeChunkRows),
  batchSize: 500,
});
const source = file ? csvSource(file) : rowsSource(slowly, { columns: Object.keys(personRecords(1).next().value!) });
const report = await runner.run('person', { mode, source });
console.log(JSON.stringify(report));
await db.knex.destroy();
