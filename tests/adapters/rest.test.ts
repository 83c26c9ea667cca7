import { expect } from 'chai';
import { rejection } from '../catalog/fixtures.js';
import { restKeyLookup, restSource, RestSourceError } from '../../adapters/index.js';
import { InputError } from '../../shared/errors.js';
import { adapterContract, readRows } from './contractSuite.js';
import { PERSONS, startTestApi, TOKEN, type PersonRecord, type TestApi } from './restServer.js';

const COLUMNS = ['idNumber', 'name', 'gender', 'address.district', 'address.detail', 'phones', 'updatedAt'];

const flat = (p: PersonRecord) => ({
  idNumber: p.idNumber,
  name: p.name,
  gender: p.gender,
  'address.district': p.address.district,
  'address.detail': p.address.detail,
  phones: JSON.stringify(p.phones),
  updatedAt: p.updatedAt,
});



describe('restSource', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
  });
  after(() => api.close());
  beforeEach(() => api.reset());

  const expected = () => ({ columns: COLUMNS, rows: PERSONS.map(flat) });
  adapterContract('rest (page numbers, nested records path)', () => restSource(`${api.url}/persons/pages?region=4418`, { recordsPath: 'data.items', paging: { type: 'page', size: 3 } }), expected);
  adapterContract('rest (offset and limit)', () => restSource(`${api.url}/persons/offsets`, { paging: { type: 'offset', limit: 2 } }), expected);
  adapterContract('rest (cursor)', () => restSource(`${api.url}/persons/cursor`, { recordsPath: 'items', paging: { type: 'cursor', cursorPath: 'paging.next' } }), expected);

  describe('paging', () => {
    it('walks page numbers until a short page and numbers records across pages', async () => {
      const rows = await readRows(restSource(`${api.url}/persons/pages`, { recordsPath: 'data.items', paging: { type: 'page', size: 3 } }));
      expect(rows.map((r) => r.position)).to.deep.equal([1, 2, 3, 4, 5, 6, 7]);
      expect(api.calls.get('/persons/pages')).to.equal(3);
    });

    it('stops at the empty page after a full last page', async () => {
      const rows = await readRows(restSource(`${api.url}/persons/pages`, { recordsPath: 'data.items', paging: { type: 'page', size: 7 } }));
      expect(rows).to.have.length(7);
      expect(api.calls.get('/persons/pages')).to.equal(2);
    });

    it('refuses an API that sends more records than a page holds, instead of walking forever', async () => {
      const err = await rejection(readRows(restSource(`${api.url}/persons/ignoring-paging`, { paging: { type: 'offset', limit: 3 } })), Error);
      expect(err).to.be.instanceOf(RestSourceError);
      expect(err.message).to.contain('sent 7 records for a page of 3');
    });

    it('refuses a cursor the API already sent, instead of walking forever', async () => {
      const err = await rejection(readRows(restSource(`${api.url}/persons/same-cursor`, { recordsPath: 'items', paging: { type: 'cursor', cursorPath: 'paging.next' } })), Error);
      expect(err).to.be.instanceOf(RestSourceError);
      expect(api.calls.get('/persons/same-cursor')).to.equal(2);
    });
  });

  describe('records', () => {
    it('describes the flattened keys of the first records', async () => {
      const columns = await restSource(`${api.url}/persons/cursor`, { recordsPath: 'items', paging: { type: 'cursor', cursorPath: 'paging.next' } }).describe();
      expect(columns.map((c) => c.name)).to.deep.equal(COLUMNS);
      expect(api.calls.get('/persons/cursor')).to.equal(1);
    });

    it('keeps a record that is not an object as a row with a problem', async () => {
      const rows = await readRows(restSource(`${api.url}/persons/mixed`));
      expect(rows.map((r) => r.position)).to.deep.equal([1, 2, 3]);
      expect(rows[1]).to.deep.equal({ position: 2, values: {}, problem: 'the record is a number, not a JSON object' });
    });

    it('names the records path when a response has no array there', async () => {
      const err = await rejection(readRows(restSource(`${api.url}/persons/pages`, { recordsPath: 'data.rows' })), Error);
      expect(err).to.be.instanceOf(RestSourceError);
      expect(err.message).to.contain('without a records array at "data.rows"');
    });
  });

  describe('incremental reads', () => {
    it('passes since=<watermark> when the binding has a watermark column', async () => {
      const rows = await readRows(restSource(`${api.url}/persons/changed`, { recordsPath: 'items', watermark: 'updatedAt' }), { since: '2026-11-05' });
      expect(api.sinces).to.deep.equal(['2026-11-05']);
      expect(rows.map((r) => r.values.updatedAt)).to.deep.equal(['2026-11-06', '2026-11-07']);
    });

    it('sends no since parameter without a watermark column', async () => {
      const rows = await readRows(restSource(`${api.url}/persons/changed`, { recordsPath: 'items' }), { since: '2026-11-05' });
      expect(api.sinces).to.deep.equal([]);
      expect(rows).to.have.length(7);
    });
  });

  describe('failures and retries', () => {
    it('retries 503 answers with backoff and then reads', async () => {
      const rows = await readRows(restSource(`${api.url}/flaky`));
      expect(rows).to.have.length(2);
      expect(api.calls.get('/flaky')).to.equal(3);
    });

    it('waits as long as a 429 answer asks in Retry-After', async () => {
      const started = Date.now();
      const rows = await readRows(restSource(`${api.url}/limited`));
      expect(rows).to.have.length(1);
      expect(Date.now() - started).to.be.at.least(950);
    });

    it('retries a request that times out and then fails, saying so', async () => {
      const err = await rejection(readRows(restSource(`${api.url}/slow`, { timeoutMs: 100, retries: 2 })), Error);
      expect(err).to.be.instanceOf(RestSourceError);
      expect(err.message).to.equal(`the REST source ${api.url}/slow did not answer within 100 ms (3 attempts)`);
      expect(api.calls.get('/slow')).to.equal(3);
    });

    it('fails at once on 401, without retrying and without showing the credentials', async () => {
      const err = await rejection(readRows(restSource(`${api.url}/secure?apikey=k3y`, { headers: { Authorization: 'Bearer wrong-token' } })), Error);
      expect(err).to.be.instanceOf(RestSourceError);
      expect((err as RestSourceError).status).to.equal(401);
      expect(err.message).to.equal(`the REST source ${api.url}/secure answered 401 Unauthorized`);
      expect(JSON.stringify((err as RestSourceError).details)).not.to.contain('wrong-token');
      expect(api.calls.get('/secure')).to.equal(1);
    });

    it('names the status and the URL without its query string once retries run out', async () => {
      const err = await rejection(readRows(restSource(`${api.url}/broken?apikey=k3y`, { retries: 1 })), Error);
      expect(err.message).to.equal(`the REST source ${api.url}/broken answered 500 Internal Server Error (2 attempts)`);
      expect((err as RestSourceError).details).to.deep.equal({ url: `${api.url}/broken`, status: 500, attempts: 2 });
    });

    it('does not retry a body that is not JSON', async () => {
      const err = await rejection(readRows(restSource(`${api.url}/not-json`)), Error);
      expect(err.message).to.contain('not JSON');
      expect(api.calls.get('/not-json')).to.equal(1);
    });

    it('reports an unreachable host with the system error code', async () => {
      const closed = await startTestApi();
      await closed.close();
      const err = await rejection(readRows(restSource(`${closed.url}/persons`, { retries: 0 })), Error);
      expect(err.message).to.equal(`the REST source ${closed.url}/persons could not be reached (ECONNREFUSED)`);
    });

    it('stops waiting to retry when the caller aborts', async () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const started = Date.now();
      const err = await rejection(readRows(restSource(`${api.url}/broken`, { retries: 5 }), { signal: controller.signal }), Error);
      expect(err.name).to.equal('AbortError');
      expect(Date.now() - started).to.be.below(1000);
    });
  });

  describe('authentication', () => {
    it('sends the configured headers on every request', async () => {
      const rows = await readRows(restSource(`${api.url}/persons/pages`, { recordsPath: 'data.items', paging: { type: 'page', size: 3 }, headers: { Authorization: TOKEN } }));
      expect(rows).to.have.length(7);
      expect(api.authorizations).to.deep.equal([TOKEN, TOKEN, TOKEN]);
      expect(await readRows(restSource(`${api.url}/secure`, { headers: { Authorization: TOKEN } }))).to.have.length(3);
    });

    it('turns credentials in the URL into a Basic Authorization header', async () => {
      const url = new URL(`${api.url}/basic`);
      url.username = 'psb';
      url.password = 'pa ss';
      expect(await readRows(restSource(url.href))).to.have.length(1);
    });
  });

  it('refuses bad options, naming each bad field', () => {
    const err = (() => {
      try {
        restSource('ftp://example.org/persons', { paging: { type: 'page', size: 0 }, retries: -1 });
      } catch (e) {
        return e as InputError;
      }
      throw new Error('expected an InputError');
    })();
    expect(err).to.be.instanceOf(InputError);
    expect(err.problems.map((p) => p.field)).to.deep.equal(['location', 'retries', 'paging.size']);
  });

  it('refuses a header HTTP does not allow without quoting its secret value', () => {
    expect(() => restSource(`${api.url}/secure`, { headers: { Authorization: 'Bearer s3cret\nX-Evil: 1' } }))
      .to.throw(InputError, 'headers holds a header name or value that HTTP does not allow')
      .with.property('message')
      .that.does.not.contain('s3cret');
  });
});

describe('restKeyLookup', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
  });
  after(() => api.close());

  it('returns the flattened record at the records path for a key', async () => {
    const lookup = restKeyLookup({ lookupUrl: `${api.url}/lookup/persons/{key}`, recordsPath: 'data' });
    expect(await lookup(PERSONS[2]!.idNumber)).to.deep.equal(flat(PERSONS[2]!));
  });

  it('returns null for a key the source does not know, URL-encoding the key', async () => {
    const lookup = restKeyLookup({ lookupUrl: `${api.url}/lookup/persons/{key}`, recordsPath: 'data' });
    expect(await lookup('441802200001010002')).to.equal(null);
    expect(await lookup('../../persons/pages')).to.equal(null);
  });

  it('keeps the key out of its errors', async () => {
    const lookup = restKeyLookup({ lookupUrl: `${api.url}/lookup/broken/{key}`, retries: 0 });
    const err = await rejection(lookup('441802199005120010'), Error);
    expect(err.message).to.equal(`the REST source ${api.url}/lookup/broken/{key} answered 500 Internal Server Error`);
  });

  it('refuses a lookup URL without {key}', () => {
    expect(() => restKeyLookup({ lookupUrl: `${api.url}/lookup/persons` })).to.throw(InputError, 'lookupUrl must contain {key}');
  });
});
