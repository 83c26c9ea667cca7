import { expect } from 'chai';
import { describeErrorForLog } from '../../shared/index.js';
import { describeEngines } from '../support/engines.js';

describeEngines('describing driver errors for the log', (ctx) => {
  const id = '44180219900101123X';

  before(async () => {
    await ctx.db.knex.schema.createTable('log_probe', (t) => {
      t.string('id_number').unique();
    });
    await ctx.db.knex('log_probe').insert({ id_number: id });
  });

  it('keeps the driver\'s reason but drops the SQL, its bound values and the offending key', async () => {
    const err = await ctx.db.knex('log_probe').insert({ id_number: id }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err, 'the duplicate insert fails').to.be.instanceOf(Error);
    expect(JSON.stringify({ message: (err as Error).message, detail: (err as { detail?: string }).detail })).to.include(id.slice(6, 14));
    const described = describeErrorForLog(err);
    expect(JSON.stringify(described)).to.not.include(id.slice(6, 14));
    expect(String(described.message)).to.match(/unique|duplicate/i);
  });
});

describe('describeErrorForLog', () => {
  it('stars long digit runs such as mobile numbers left in a message', () => {
    const described = describeErrorForLog(new Error('lookup of 13812345678 failed'));
    expect(described.message).to.equal('lookup of 138*** failed');
  });

  it('describes a thrown non-error by its type only', () => {
    expect(describeErrorForLog('secret 4418')).to.deep.equal({ type: 'string' });
  });
});
