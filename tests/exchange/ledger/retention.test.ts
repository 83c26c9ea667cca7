import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { archiveLedger, Ledger, pruneArchived, verifyArchive, verifyLedger } from '../../../exchange/index.js';
import { ConflictError, InputError } from '../../../shared/index.js';
import { describeEngines } from '../../support/engines.js';
import { buildLedger, draftNo, restoreLedger, signer } from './fixtures.js';

describeEngines('ledger retention: pruning archived entries', (ctx) => {
  let dir: string;
  beforeEach(async () => {
    await restoreLedger(ctx.db.knex);
    await buildLedger(ctx.db, 300, 100);
    dir = mkdtempSync(join(tmpdir(), 'govshare-retention-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const count = async () => Number(((await ctx.db.knex('ledger_entries').count({ n: '*' }).first()) as { n: number | string }).n);

  it('refuses to prune when nothing was archived', async () => {
    const err = await pruneArchived(ctx.db).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(InputError);
    expect(await count()).to.equal(300);
  });

  it('removes whole archives, and the rest of the chain still verifies from the archive’s last entry', async () => {
    await archiveLedger(ctx.db, { through: 150, file: join(dir, 'a1.jsonl') });
    const result = await pruneArchived(ctx.db);
    expect(result.entries).to.equal(150);
    expect(result.anchor.seq).to.equal(150);
    expect(await count()).to.equal(150);
    expect(await verifyLedger(ctx.db.knex, { verifier: signer })).to.deep.include({ ok: true, entries: 150 });
    // Appends go on from the head; a second archive continues the first, and pruning again keeps the chain whole.
    const ledger = new Ledger(ctx.db, { signer, checkpointEvery: 100 });
    await Promise.all([301, 302, 303].map((i) => ledger.append(draftNo(i))));
    await ledger.idle();
    await archiveLedger(ctx.db, { through: 250, file: join(dir, 'a2.jsonl') });
    expect((await verifyArchive(join(dir, 'a2.jsonl'), join(dir, 'a1.jsonl'))).ok).to.equal(true);
    expect((await pruneArchived(ctx.db)).anchor.seq).to.equal(250);
    expect(await verifyLedger(ctx.db.knex, { verifier: signer })).to.deep.include({ ok: true, entries: 53 });
  });

  it('still finds tampering after the anchor, and a deleted first entry after it', async () => {
    await archiveLedger(ctx.db, { through: 100, file: join(dir, 'a1.jsonl') });
    await pruneArchived(ctx.db);
    await ctx.db.knex('ledger_entries').where({ seq: 180 }).update({ purpose: 'rewritten' });
    expect(await verifyLedger(ctx.db.knex, { verifier: signer })).to.nested.include({ 'problem.seq': 180, 'problem.kind': 'changed' });
    await ctx.db.knex('ledger_subjects').where({ seq: 101 }).delete();
    await ctx.db.knex('ledger_entries').where({ seq: 101 }).delete();
    const result = await verifyLedger(ctx.db.knex, { verifier: signer });
    expect(result).to.nested.include({ 'problem.seq': 101, 'problem.kind': 'removed' });
  });

  it('prunes nothing when the database no longer holds what the archive sealed', async () => {
    await archiveLedger(ctx.db, { through: 120, file: join(dir, 'a1.jsonl') });
    await ctx.db.knex('ledger_entries').where({ seq: 120 }).update({ hash: 'f'.repeat(64) });
    const err = await pruneArchived(ctx.db).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ConflictError);
    expect(await count()).to.equal(300);
  });
});
