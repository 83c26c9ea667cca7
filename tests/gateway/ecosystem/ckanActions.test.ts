import { expect } from 'chai';
import { slugOf, type Catalog } from '../../../catalog/index.js';
import { type RunningServer } from '../../../server/index.js';
import { describeEngines } from '../../support/engines.js';
import { ckanClient, type Package } from './ckanClient.js';
import { NOT_PUBLIC, PUBLIC, startEcosystemServer } from './world.js';

const DEPARTMENTS = ['amr', 'edu', 'eit', 'gsc', 'hrss', 'psb', 'sup', 'ule'];

describeEngines('CKAN package, organization and group actions', (ctx) => {
  let server: RunningServer & { catalog: Catalog };
  const ckan = ckanClient(() => server.url);
  const ok = async <T = any>(action: string, params: Record<string, string | number> = {}): Promise<T> => {
    const res = await ckan.get<T>(action, params);
    expect(res.status, JSON.stringify(res.body.error)).to.equal(200);
    expect(res.body.success).to.equal(true);
    return res.body.result!;
  };

  before(async () => {
    server = await startEcosystemServer(ctx.db);
  });
  after(async () => {
    await server?.close();
  });

  it('package_show finds a package by name, id, apiName and resource code, on GET and POST', async () => {
    const byName = await ok<Package>('package_show', { id: 'legal-entity' });
    expect(byName.title).to.equal('法人基础信息');
    for (const id of [byName.id, 'legalEntity', '102001/000001']) expect(await ok<Package>('package_show', { id })).to.deep.equal(byName);
    const posted = await ckan.post<Package>('package_show', { id: 'legal-entity' });
    expect(posted.body.result).to.deep.equal(byName);
  });

  it('package_show gives a conditionally open package, not private, with its API only and its conditions', async () => {
    const pkg = await ok<Package>('package_show', { id: 'training-subsidy' });
    expect(pkg).to.include({ private: false, license_id: 'notspecified', isopen: false });
    const extras = Object.fromEntries(pkg.extras.map((e: { key: string; value: string }) => [e.key, e.value]));
    expect(extras).to.include({ open_type: 'conditional', open_type_label: '有条件开放', update_cycle: 'quarterly' });
    expect(extras.open_conditions).to.include('注册实名用户');
    expect(pkg.resources).to.have.length(1);
    expect(pkg.resources[0]).to.include({ format: 'JSON', datastore_active: false, url: `${server.url}/api/v1/resources/trainingSubsidy/rows` });
  });

  it('package_show answers a missing id with a 409 Validation Error, and anything not public with a 404 Not Found Error', async () => {
    const missing = await ckan.get('package_show');
    expect(missing.status).to.equal(409);
    expect(missing.body.success).to.equal(false);
    expect(missing.body.error).to.include({ __type: 'Validation Error' });
    expect(missing.body.error!.id).to.deep.equal(['Missing value']);
    expect(missing.body.help).to.match(new RegExp(`^${server.url}/.*package_show`));
    for (const id of [...NOT_PUBLIC, ...NOT_PUBLIC.map(slugOf), '101001/000001', 'no-such-thing', '00000000-0000-5000-8000-000000000000']) {
      const res = await ckan.get('package_show', { id });
      expect(res.status, id).to.equal(404);
      expect(res.body.error).to.deep.equal({ __type: 'Not Found Error', message: `Dataset not found: ${id}` });
    }
  });

  it('never echoes a resident ID asked for by mistake, in any error', async () => {
    const [{ id_number: id }] = await ctx.db.knex('data_person').select('id_number').limit(1);
    const responses = [
      await ckan.get('package_show', { id }),
      await ckan.get('organization_show', { id }),
      await ckan.get('package_search', { fq: `tags:${id}*` }),
      await ckan.get('package_search', { fq: `open_type:${id}` }),
      await ckan.get(id),
    ];
    expect(responses.map((r) => r.status)).to.deep.equal([404, 404, 409, 409, 400]);
    for (const res of responses) {
      expect(JSON.stringify(res.body)).to.not.include(id);
      expect(JSON.stringify(res.body)).to.include(`${id.slice(0, 3)}***`);
    }
  });

  it('package_list names the public packages in order, with limit and offset', async () => {
    const all = await ok<string[]>('package_list');
    expect(all).to.deep.equal(PUBLIC.map(slugOf).sort());
    expect(await ok<string[]>('package_list', { limit: 2, offset: 1 })).to.deep.equal(all.slice(1, 3));
    expect((await ckan.get('package_list', { limit: 'all' })).status).to.equal(409);
  });

  it('organization_list lists every department, with dataset counts of public packages only', async () => {
    expect(await ok<string[]>('organization_list')).to.deep.equal(DEPARTMENTS);
    const orgs = await ok<{ name: string; title: string; package_count: number; is_organization: boolean }[]>('organization_list', { all_fields: 'true' });
    const counts = Object.fromEntries(orgs.map((o) => [o.name, o.package_count]));
    expect(counts).to.deep.equal({ amr: 1, edu: 0, eit: 0, gsc: 1, hrss: 2, psb: 0, sup: 0, ule: 1 });
    expect(orgs.find((o) => o.name === 'amr')).to.include({ title: '清远市市场监督管理局', is_organization: true });
    const busiest = await ok<{ name: string }[]>('organization_list', { all_fields: 'true', sort: 'package_count desc', limit: 1 });
    expect(busiest.map((o) => o.name)).to.deep.equal(['hrss']);
    expect(await ok<string[]>('organization_list', { organizations: '["ule","amr"]' })).to.deep.equal(['amr', 'ule']);
  });

  it('organization_show gives a department with its public datasets, by name or id', async () => {
    const amr = await ok<Record<string, any>>('organization_show', { id: 'amr', include_datasets: 'true' });
    expect(amr).to.include({ name: 'amr', title: '清远市市场监督管理局', package_count: 1 });
    expect(amr.packages.map((p: Package) => p.name)).to.deep.equal(['legal-entity']);
    expect(Object.fromEntries(amr.extras.map((e: { key: string; value: string }) => [e.key, e.value]))).to.have.property('credit_code');
    expect((await ok('organization_show', { id: amr.id })).name).to.equal('amr');
    // The public security bureau provides only the closed person resource: nothing of it shows.
    const psb = await ok<Record<string, any>>('organization_show', { id: 'psb', include_datasets: 'true' });
    expect(psb.package_count).to.equal(0);
    expect(psb.packages).to.deep.equal([]);
    expect(await ok('organization_show', { id: 'gsc' })).to.not.have.property('packages');
    const unknown = await ckan.get('organization_show', { id: 'nobody' });
    expect(unknown.status).to.equal(404);
    expect(unknown.body.error!.__type).to.equal('Not Found Error');
    expect((await ckan.get('organization_show')).status).to.equal(409);
  });

  it('group_list lists the classification categories with their public dataset counts', async () => {
    expect(await ok<string[]>('group_list')).to.deep.equal(['category-1', 'category-2', 'category-3']);
    const groups = await ok<{ name: string; title: string; package_count: number }[]>('group_list', { all_fields: 'true' });
    expect(groups.map((g) => [g.name, g.title, g.package_count])).to.deep.equal([
      ['category-1', '基础信息资源类', 1],
      ['category-2', '主题信息资源类', 3],
      ['category-3', '部门信息资源类', 1],
    ]);
    expect((await ok<{ name: string }[]>('group_list', { all_fields: 'true', sort: 'package_count desc', limit: 1 })).map((g) => g.name)).to.deep.equal(['category-2']);
  });

  it('answers in CKAN shape on every action, GET and POST alike', async () => {
    for (const action of ['package_search', 'package_list', 'organization_list', 'group_list']) {
      const get = await ckan.get(action);
      const post = await ckan.post(action, {});
      expect([get.status, post.status], action).to.deep.equal([200, 200]);
      expect(post.body).to.deep.equal(get.body);
    }
  });

  it('answers an unknown action with 400 Bad Request and bad parameters with a Validation Error', async () => {
    const unknown = await ckan.get('package_delete', { id: 'legal-entity' });
    expect(unknown.status).to.equal(400);
    expect(unknown.body).to.deep.include({ success: false, error: { __type: 'Bad Request', message: 'Bad request - Action name not known: package_delete' } });
    const both = await fetch(`${server.url}/api/3/action/package_show?id=legal-entity`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"id":"legal-entity"}' });
    expect(both.status).to.equal(409);
    const flag = await ckan.get('organization_list', { all_fields: 'maybe' });
    expect(flag.status).to.equal(409);
    expect(flag.body.error!.all_fields).to.deep.equal(['must be true or false']);
    const repeated = await fetch(`${server.url}/api/3/action/package_show?id=a&id=b`);
    expect(repeated.status).to.equal(409);
  });
});
