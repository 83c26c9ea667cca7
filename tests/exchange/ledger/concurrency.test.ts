import { expect } from 'chai';
import type { Knex } from 'knex';
import { Ledger, verifyLedger, type LedgerEntry } from '../../../exchange/index.js';
import { writeTransaction } from '../../../shared/index.js';
import { describeEngines } from '../../support/engines.js';
import { draftNo, restoreLedger, signer, tickingClock } from './fixtures.js';

async function seqs(knex: Knex): Promise<number[]> {
  return ((await knex('ledger_entries').orderBy('seq').select('seq')) as { seq: number | string }[]).map((r) => Number(r.seq));
}

const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describeEngines('the ledger under concurrent appends', (ctx) => {
  // Appenders index subjects just after their commits; each test waits for its own before the next resets the ledger.
  const made: Ledger[] = [];
  const track = (ledger: Ledger) => (made.push(ledger), ledger);
  beforeEach(async () => {
    await restoreLedger(ctx.db.knex);
  });
  afterEach(async () => {
    await Promise.all(made.splice(0).map((l) => l.idle()));
  });

  it('200 parallel appends and appends inside write transactions form one unbroken chain', async () => {
    const ledger = track(new Ledger(ctx.db, { signer, checkpointEvery: 50, now: tickingClock() }));
    const grouped = oneTo(200).map((i) => ledger.append(draftNo(i)));
    // Workflow changes record their entry in their own transaction, racing the group commits.
    const inTransactions = oneTo(5).map((i) =>
      writeTransaction(ctx.db, (trx) => ledger.appendIn(trx, { kind: 'workflow', action: 'grant.revoked', actor: 'amr-approver', detail: { n: i }, outcome: 'recorded' })),
    );
    const entries: LedgerEntry[] = await Promise.all([...grouped, ...inTransactions]);
    expect(entries.map((e) => e.seq).sort((a, b) => a - b)).to.deep.equal(oneTo(205));
    expect(await seqs(ctx.db.knex)).to.deep.equal(oneTo(205));
    expect(await verifyLedger(ctx.db.knex, { verifier: signer })).to.deep.include({ ok: true, entries: 205 });
  });

  it('two appenders on one database (as two gateway processes would) never fork the chain', async () => {
    const a = track(new Ledger(ctx.db, { signer, now: tickingClock() }));
    const b = track(new Ledger(ctx.db, { signer, now: tickingClock() }));
    await Promise.all(oneTo(100).flatMap((i) => [a.append(draftNo(i)), b.append(draftNo(1000 + i))]));
    expect(await seqs(ctx.db.knex)).to.deep.equal(oneTo(200));
    expect(await verifyLedger(ctx.db.knex, { verifier: signer })).to.deep.include({ ok: true, entries: 200 });
  });

  it('group commit batches appends: far fewer head updates than appends', async () => {
    const ledger = track(new Ledger(ctx.db, { signer, windowMs: 5, now: tickingClock() }));
    let headUpdates = 0;
    const count = (q: { sql: string }) => {
      if (/^update\s+["`]?ledger_head/i.test(q.sql)) headUpdates += 1;
    };
    ctx.db.knex.on('query', count);
    try {
      // Requests arrive in waves, as under load: each wave commits together.
      for (let wave = 0; wave < 10; wave++) await Promise.all(oneTo(20).map((i) => ledger.append(draftNo(wave * 20 + i))));
    } finally {
      ctx.db.knex.removeListener('query', count);
    }
    expect(await seqs(ctx.db.knex)).to.deep.equal(oneTo(200));
    expect(headUpdates).to.be.greaterThan(0).and.at.most(20);
  });

  it('verifications running during appends each see a consistent prefix of the chain', async () => {
    const ledger = track(new Ledger(ctx.db, { signer, checkpointEvery: 40, now: tickingClock() }));
    await Promise.all(oneTo(100).map((i) => ledger.append(draftNo(i))));
    let done = false;
    const appending = (async () => {
      for (let wave = 0; wave < 10; wave++) await Promise.all(oneTo(30).map((i) => ledger.append(draftNo(100 + wave * 30 + i))));
      done = true;
    })();
    const seen: number[] = [];
    while (!done) {
      const result = await verifyLedger(ctx.db.knex, { verifier: signer, pageSize: 7 });
      expect(result.ok, JSON.stringify(result)).to.equal(true);
      if (result.ok) seen.push(result.entries);
    }
    await appending;
    expect(seen.length).to.be.greaterThan(0);
    for (const entries of seen) expect(entries).to.be.within(100, 400);
    expect(await verifyLedger(ctx.db.knex, { verifier: signer })).to.deep.include({ ok: true, entries: 400 });
  });
});
