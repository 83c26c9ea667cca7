import { expect } from 'chai';
import { exportCheckpoints, verifyLedger, type Checkpoint, type LedgerVerification } from '../../../exchange/index.js';
import { describeEngines } from '../../support/engines.js';
import { Attacker, buildLedger, restoreLedger, signer, snapshotLedger, tickingClock, type LedgerSnapshot } from './fixtures.js';

function problemOf(result: LedgerVerification) {
  expect(result.ok, 'the tampering went unnoticed').to.equal(false);
  return (result as Extract<LedgerVerification, { ok: false }>).problem;
}

describeEngines('verifyLedger: tampering is caught and located', (ctx) => {
  let pristine: LedgerSnapshot;
  let exported: Checkpoint[];
  let attacker: Attacker;
  // Pages of 50 put several tampered seqs on page boundaries (150, 250, 300).
  const verify = (checkpoints?: Checkpoint[]) => verifyLedger(ctx.db.knex, { verifier: signer, checkpoints, pageSize: 50 });

  before(async () => {
    await buildLedger(ctx.db, 300, 100);
    pristine = await snapshotLedger(ctx.db.knex);
    exported = await exportCheckpoints(ctx.db.knex);
    attacker = new Attacker(ctx.db.knex);
  });

  beforeEach(async () => {
    await restoreLedger(ctx.db.knex, pristine);
  });

  it('an untouched ledger verifies, with its entry count, head and checkpoints', async () => {
    expect(exported.map((c) => c.seq)).to.deep.equal([100, 200, 300]);
    const result = await verify(exported);
    const last = await attacker.entry(300);
    expect(result).to.deep.equal({ ok: true, entries: 300, head: { seq: 300, hash: last.hash }, checkpoints: 3 });
  });

  it('an empty ledger verifies', async () => {
    await restoreLedger(ctx.db.knex);
    expect(await verify()).to.deep.equal({ ok: true, entries: 0, head: { seq: 0, hash: '0'.repeat(64) }, checkpoints: 0 });
  });

  describe('changed', () => {
    it('one changed character of an entry\'s purpose is named as changed at that entry', async () => {
      await attacker.changeByte(150, 'purpose');
      expect(await verify()).to.deep.include({ ok: false }).and.to.have.nested.include({ 'problem.seq': 150, 'problem.kind': 'changed' });
    });

    it('a changed byte in a JSON column (the subjects) is named as changed', async () => {
      await attacker.changeByte(77, 'subjects');
      const problem = problemOf(await verify());
      expect([problem.seq, problem.kind]).to.deep.equal([77, 'changed']);
      expect(problem.message).to.match(/^entry 77 was changed/);
    });

    it('an entry changed and re-hashed on its own is named as changed, though its successor is what breaks', async () => {
      await attacker.changeAndRehash(120, { rowCount: 9999 });
      const problem = problemOf(await verify());
      expect([problem.seq, problem.kind]).to.deep.equal([120, 'changed']);
    });

    it('a changed last entry, re-hashed, disagrees with the head', async () => {
      await attacker.changeAndRehash(300, { department: 'edu' });
      await ctx.db.knex('ledger_checkpoints').where({ seq: 300 }).delete();
      const problem = problemOf(await verify());
      expect([problem.seq, problem.kind]).to.deep.equal([300, 'changed']);
    });
  });

  describe('removed', () => {
    it('a deleted entry is named as removed', async () => {
      await attacker.remove(150);
      const problem = problemOf(await verify());
      expect([problem.seq, problem.kind]).to.deep.equal([150, 'removed']);
      expect(problem.message).to.equal('entry 150 was removed: the ledger jumps from entry 149 to entry 151');
    });

    it('the first entry deleted is named as removed', async () => {
      await attacker.remove(1);
      expect(problemOf(await verify())).to.include({ seq: 1, kind: 'removed' });
    });

    it('a deleted entry with the later ones renumbered to close the gap is named as removed', async () => {
      await attacker.remove(150);
      await attacker.renumber(151, -1);
      await attacker.fixHead();
      expect(problemOf(await verify())).to.include({ seq: 150, kind: 'removed' });
    });

    it('several deleted entries with the rest renumbered are named as removed from the first', async () => {
      for (const seq of [40, 41, 42]) await attacker.remove(seq);
      await attacker.renumber(43, -3);
      await attacker.fixHead();
      const problem = problemOf(await verify());
      expect([problem.seq, problem.kind]).to.deep.equal([40, 'removed']);
      expect(problem.message).to.include('entries 40–42 were removed');
    });
  });

  describe('inserted', () => {
    it('an entry forged at the end with a valid hash but a prevHash linking to an earlier entry is named as inserted', async () => {
      const forged = attacker.forge(301, (await attacker.entry(298)).hash);
      await attacker.insert(forged);
      await attacker.fixHead();
      expect(problemOf(await verify())).to.include({ seq: 301, kind: 'inserted' });
    });

    it('an entry forged at the end with a made-up prevHash is named as inserted', async () => {
      await attacker.insert(attacker.forge(301, 'f'.repeat(64)));
      await attacker.fixHead();
      expect(problemOf(await verify())).to.include({ seq: 301, kind: 'inserted' });
    });

    it('an entry appended at the end without moving the head is named as inserted', async () => {
      await attacker.insert(attacker.forge(301, (await attacker.entry(300)).hash));
      expect(problemOf(await verify())).to.include({ seq: 301, kind: 'inserted' });
    });

    it('a forged entry slid into the middle, the later entries renumbered to make room, is named as inserted', async () => {
      await attacker.renumber(150, +1);
      await attacker.insert(attacker.forge(150, (await attacker.entry(149)).hash));
      await attacker.fixHead();
      expect(problemOf(await verify())).to.include({ seq: 150, kind: 'inserted' });
    });

    it('a slid-in entry whose hash the attacker could not compute is named as inserted', async () => {
      await attacker.renumber(150, +1);
      await attacker.insert({ ...attacker.forge(150, (await attacker.entry(149)).hash), hash: 'a'.repeat(64) });
      await attacker.fixHead();
      expect(problemOf(await verify())).to.include({ seq: 150, kind: 'inserted' });
    });

    it('a copy of an earlier entry appended as a new one is named as inserted', async () => {
      const copy = await attacker.entry(10);
      await attacker.insert({ ...copy, seq: 301 });
      await attacker.fixHead();
      const problem = problemOf(await verify());
      expect([problem.seq, problem.kind]).to.deep.equal([301, 'inserted']);
      expect(problem.message).to.include('copy of entry 10');
    });
  });

  describe('reordered', () => {
    it('two swapped entries are named as reordered at the first', async () => {
      await attacker.swap(120, 180);
      const problem = problemOf(await verify());
      expect([problem.seq, problem.kind]).to.deep.equal([120, 'reordered']);
      expect(problem.message).to.include('entries 120 and 180 were swapped');
    });

    it('two neighbouring entries swapped are named as reordered at the first', async () => {
      await attacker.swap(150, 151);
      expect(problemOf(await verify())).to.include({ seq: 150, kind: 'reordered' });
    });

    it('an entry moved earlier, the ones between shifted down, is named as reordered', async () => {
      const moved = await attacker.entry(60);
      await attacker.remove(60);
      await attacker.renumber(50, +1, 59); // 50..59 → 51..60
      await attacker.insert({ ...moved, seq: 50 });
      expect(problemOf(await verify())).to.include({ seq: 50, kind: 'reordered' });
    });
  });

  describe('truncated', () => {
    it('the tail cut off after a checkpoint, head reset to match, is named as truncated', async () => {
      await attacker.truncateFrom(251);
      await attacker.fixHead();
      const problem = problemOf(await verify());
      expect([problem.seq, problem.kind]).to.deep.equal([251, 'truncated']);
      expect(problem.message).to.include('checkpoint 300');
    });

    it('the tail cut off with the head left behind is named as truncated', async () => {
      await attacker.truncateFrom(291);
      await ctx.db.knex('ledger_checkpoints').where({ seq: 300 }).delete();
      expect(problemOf(await verify())).to.include({ seq: 291, kind: 'truncated' });
    });

    it('the tail and its stored checkpoint removed is caught by the exported copy alone', async () => {
      await attacker.truncateFrom(251);
      await ctx.db.knex('ledger_checkpoints').where('seq', '>', 250).delete();
      await attacker.fixHead();
      expect((await verify()).ok).to.equal(true);
      expect(problemOf(await verify(exported))).to.include({ seq: 251, kind: 'truncated' });
    });

    it('the tail cut off and grown again past the checkpoint is named as truncated where the new entries begin', async () => {
      await attacker.truncateFrom(251);
      await ctx.db.knex('ledger_checkpoints').where('seq', '>', 250).delete();
      await attacker.fixHead();
      await buildLedger(ctx.db, 60, 100, tickingClock(Date.parse('2026-03-03T00:00:00Z'))); // entries 251..310, a day later
      expect(problemOf(await verify(exported))).to.include({ seq: 251, kind: 'truncated' });
    });
  });

  describe('checkpoints', () => {
    it('a forged checkpoint signature is named', async () => {
      await ctx.db.knex('ledger_checkpoints').where({ seq: 200 }).update({ signature: 'Zm9yZ2VkIHNpZ25hdHVyZQ' });
      const problem = problemOf(await verify());
      expect([problem.seq, problem.kind]).to.deep.equal([200, 'checkpoint']);
      expect(problem.message).to.include('checkpoint 200 in the ledger is forged');
    });

    it('a forged checkpoint in the exported copy is named', async () => {
      const copy = exported.map((c) => (c.seq === 100 ? { ...c, hash: 'e'.repeat(64) } : c));
      expect(problemOf(await verify(copy))).to.include({ seq: 100, kind: 'checkpoint' });
    });

    it('a stored checkpoint deleted while the exported copy still holds it is named', async () => {
      await ctx.db.knex('ledger_checkpoints').where({ seq: 200 }).delete();
      expect(problemOf(await verify(exported))).to.include({ seq: 200, kind: 'checkpoint' });
    });

    it('a rewrite that recomputes the whole chain and deletes the stored checkpoints passes alone and is caught by the exported copy', async () => {
      await attacker.rewriteFrom(10, { purpose: '另作他用' });
      await ctx.db.knex('ledger_checkpoints').delete();
      expect((await verify()).ok).to.equal(true);
      const problem = problemOf(await verify(exported));
      expect([problem.seq, problem.kind]).to.deep.equal([100, 'changed']);
      expect(problem.message).to.include('entries 1–100');
    });

    it('a rewrite after the first checkpoint is narrowed to the entries since the last checkpoint that held', async () => {
      await attacker.rewriteFrom(150, { rowCount: 0 });
      await ctx.db.knex('ledger_checkpoints').where('seq', '>', 100).delete();
      expect(problemOf(await verify(exported)).message).to.include('entries 101–200');
    });

    it('a rewrite that keeps the stored checkpoints is caught by them', async () => {
      await attacker.rewriteFrom(250, { outcome: 'denied' });
      expect(problemOf(await verify())).to.include({ seq: 300, kind: 'changed' });
    });
  });
});
