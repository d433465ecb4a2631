import { TINY_PNG } from '../helpers/images';
import { startTestApi, type TestApi } from '../helpers/test-api';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(async () => {
  await t.stop();
});

const PNG = TINY_PNG;

async function upload(token: string | undefined, body: Buffer, type = 'image/png') {
  return fetch(`${t.api.url}/uploads`, { method: 'POST', headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) }, body });
}

describe('health', () => {
  it('reports the database as up', async () => {
    const response = await fetch(`${t.api.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', database: 'up', chain: { status: 'unconfigured' } });
  });
});

describe('uploads', () => {
  it('stores an image for a signed-in user and serves it back to its owner only', async () => {
    const owner = await t.newCustomer();
    const response = await upload(owner.token, PNG);
    expect(response.status).toBe(201);
    const stored = (await response.json()) as { id: string; contentType: string; size: number };
    expect(stored).toMatchObject({ contentType: 'image/png' });

    const own = await fetch(`${t.api.url}/uploads/${stored.id}`, { headers: { authorization: `Bearer ${owner.token}` } });
    expect(Buffer.from(await own.arrayBuffer()).length).toBe(stored.size);
    const other = await t.newCustomer();
    expect((await fetch(`${t.api.url}/uploads/${stored.id}`, { headers: { authorization: `Bearer ${other.token}` } })).status).toBe(404);
    const staff = await t.asStaff('PAYMENT_VALIDATOR');
    expect((await fetch(`${t.api.url}/uploads/${stored.id}`, { headers: { authorization: `Bearer ${staff.token}` } })).status).toBe(200);
  });

  it('refuses anonymous uploads, non-images whatever their declared type, and oversized files', async () => {
    const customer = await t.newCustomer();
    expect((await upload(undefined, PNG)).status).toBe(401);
    const fake = await upload(customer.token, Buffer.from('<script>alert(1)</script>'), 'image/png');
    expect(fake.status).toBe(415);
    expect(((await fake.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('UPLOAD_INVALID');
    const huge = Buffer.concat([PNG, Buffer.alloc(t.app.config.uploadMaxBytes)]);
    const tooLarge = await upload(customer.token, huge);
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('UPLOAD_TOO_LARGE');
  });
});

describe('error masking', () => {
  it('answers malformed queries with a GraphQL validation error, not a crash', async () => {
    const response = await t.anonymous().request('{ nope }');
    expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
