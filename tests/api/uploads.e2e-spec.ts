import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { TINY_PNG } from '../helpers/images';
import { startTestApi, type TestApi } from '../helpers/test-api';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi({ uploadDailyCount: 3, uploadDailyBytes: 200_000 });
});
afterAll(async () => {
  await t.stop();
});

function upload(token: string | undefined, body: Buffer, headers: Record<string, string> = {}) {
  return fetch(`${t.api.url}/uploads`, {
    method: 'POST',
    headers: { 'content-type': 'image/png', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body,
  });
}

async function refusal(response: Response): Promise<{ status: number; code: string }> {
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return { status: response.status, code: ((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code };
}

async function stored(token: string, body: Buffer, type = 'image/png'): Promise<{ id: string; contentType: string; bytes: Buffer; response: Response }> {
  const created = await upload(token, body, { 'content-type': type });
  expect(created.status).toBe(201);
  const { id, contentType } = (await created.json()) as { id: string; contentType: string };
  const response = await fetch(`${t.api.url}/uploads/${id}`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return { id, contentType, bytes: Buffer.from(await response.arrayBuffer()), response };
}

/** A PNG whose header declares `width` × `height` pixels around a tiny body (a decompression bomb's shape). */
function pngDeclaring(width: number, height: number): Buffer {
  const png = Buffer.from(TINY_PNG);
  // IHDR: length (4) and type (4) at offset 8, data (13) at 16, its CRC (over type + data) at 29.
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

describe('uploaded images are re-encoded', () => {
  it('serves a clean PNG for a PNG followed by HTML and script (a polyglot)', async () => {
    const customer = await t.newCustomer();
    const polyglot = Buffer.concat([TINY_PNG, Buffer.from('<html><script>alert(document.cookie)</script></html>')]);
    const { bytes, contentType } = await stored(customer.token!, polyglot);
    expect(contentType).toBe('image/png');
    expect(bytes.includes('<script')).toBe(false);
    expect(await sharp(bytes).metadata()).toMatchObject({ format: 'png', width: 1, height: 1 });
  });

  it('keeps JPEG and WebP as they are, without their metadata (EXIF, GPS, comments)', async () => {
    const customer = await t.newCustomer();
    const photo = sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 30, b: 30 } } });
    const jpeg = await photo.clone().jpeg().withExif({ IFD0: { Artist: 'secret-artist', ImageDescription: 'casa de Ana' } }).toBuffer();
    const webp = await photo.clone().webp().withExif({ IFD0: { Artist: 'secret-artist' } }).toBuffer();
    expect(jpeg.includes('secret-artist')).toBe(true);

    const servedJpeg = await stored(customer.token!, jpeg, 'image/jpeg');
    expect(servedJpeg.contentType).toBe('image/jpeg');
    expect(servedJpeg.bytes.includes('secret-artist')).toBe(false);
    const jpegMeta = await sharp(servedJpeg.bytes).metadata();
    expect(jpegMeta).toMatchObject({ format: 'jpeg', width: 64, height: 48 });
    expect(jpegMeta.exif).toBeUndefined();

    const servedWebp = await stored(customer.token!, webp, 'image/webp');
    expect(servedWebp.contentType).toBe('image/webp');
    expect(servedWebp.bytes.includes('secret-artist')).toBe(false);
    const webpMeta = await sharp(servedWebp.bytes).metadata();
    expect(webpMeta.format).toBe('webp');
    expect(webpMeta.exif).toBeUndefined();
  });

  it('refuses an image that declares more pixels than allowed (decompression bomb) with UPLOAD_TOO_LARGE', async () => {
    const customer = await t.newCustomer();
    const bomb = pngDeclaring(20_000, 20_000);
    expect(bomb.length).toBeLessThan(200);
    expect(await refusal(await upload(customer.token, bomb))).toEqual({ status: 413, code: 'UPLOAD_TOO_LARGE' });
  });

  it('refuses bytes that only start like an image (truncated or corrupt)', async () => {
    const customer = await t.newCustomer();
    const truncated = TINY_PNG.subarray(0, 40);
    expect(await refusal(await upload(customer.token, truncated))).toEqual({ status: 415, code: 'UPLOAD_INVALID' });
  });
});

describe('serving uploads', () => {
  it('sends them with nosniff, a sandboxing CSP, an inline file name and private caching', async () => {
    const customer = await t.newCustomer();
    const { id, response } = await stored(customer.token!, TINY_PNG);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(response.headers.get('content-disposition')).toBe(`inline; filename="${id}.png"`);
    expect(response.headers.get('cache-control')).toBe('private, no-cache');
  });

  it('answers a JSON 404 for ids that are not UUIDs and for paths below an upload', async () => {
    const customer = await t.newCustomer();
    for (const path of ['not-a-uuid', '------------------------------------', 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz', `${crypto.randomUUID()}/x`, '%E0%A4%A']) {
      const response = await fetch(`${t.api.url}/uploads/${path}`, { headers: { authorization: `Bearer ${customer.token}` } });
      expect({ path, ...(await refusal(response)) }).toEqual({ path, status: 404, code: 'NOT_FOUND' });
    }
  });
});

describe('upload quota per user', () => {
  it('lets concurrent uploads past the daily count only up to the limit (UPLOAD_QUOTA_EXCEEDED)', async () => {
    const customer = await t.newCustomer();
    for (let i = 0; i < 2; i++) expect((await upload(customer.token, TINY_PNG)).status).toBe(201);
    // One place left of 3, two uploads at once (a user may have two in progress): exactly one gets it.
    const responses = await Promise.all(Array.from({ length: 2 }, () => upload(customer.token, TINY_PNG)));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 429]);
    const refused = responses.find((r) => r.status === 429)!;
    expect(await refusal(refused)).toEqual({ status: 429, code: 'UPLOAD_QUOTA_EXCEEDED' });
    const [{ count }] = await t.sql<{ count: number }>('SELECT count(*)::int AS count FROM upload WHERE owner_id = $1', [customer.userId]);
    expect(count).toBe(3);
    // Another user's quota is their own.
    expect((await upload((await t.newCustomer()).token, TINY_PNG)).status).toBe(201);
  });

  it('refuses an upload that would take the day\'s stored bytes past the limit', async () => {
    const customer = await t.newCustomer();
    // Random pixels do not compress: about 120 kB stored each, against a 200 kB daily limit in this file.
    const noise = await sharp(randomBytes(200 * 200 * 3), { raw: { width: 200, height: 200, channels: 3 } }).png().toBuffer();
    expect((await upload(customer.token, noise)).status).toBe(201);
    expect(await refusal(await upload(customer.token, noise))).toEqual({ status: 429, code: 'UPLOAD_QUOTA_EXCEEDED' });
  });
});

describe('cross-site requests to /uploads', () => {
  it('refuses a body declared with a type a plain HTML form can send, even when the bytes are an image', async () => {
    const customer = await t.newCustomer();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream']) {
      expect({ type, ...(await refusal(await upload(customer.token, TINY_PNG, { 'content-type': type }))) }).toEqual({ type, status: 415, code: 'UPLOAD_INVALID' });
    }
  });

  it('refuses a foreign Origin and accepts the configured app origins and its own (the back-office it serves)', async () => {
    const customer = await t.newCustomer();
    expect(await refusal(await upload(customer.token, TINY_PNG, { origin: 'https://evil.example' }))).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect((await upload(customer.token, TINY_PNG, { origin: 'http://localhost:5173' })).status).toBe(201);
    expect((await upload(customer.token, TINY_PNG, { origin: new URL(t.api.url).origin })).status).toBe(201);
  });
});

describe('re-encoding under a burst', () => {
  let busy: TestApi;
  // 24 megapixels of one colour: a small file whose decoding still costs what a large photo's does.
  let photo: Buffer;
  beforeAll(async () => {
    busy = await startTestApi();
    photo = await sharp({ create: { width: 6000, height: 4000, channels: 3, background: '#3a7' } }).jpeg().toBuffer();
  });
  afterAll(async () => {
    await busy.stop();
  });

  const send = (token: string) =>
    fetch(`${busy.api.url}/uploads`, { method: 'POST', headers: { 'content-type': 'image/jpeg', authorization: `Bearer ${token}` }, body: photo });

  it('lets one user have two uploads in progress at once, and refuses more with TOO_MANY_ATTEMPTS (429)', async () => {
    const customer = await busy.newCustomer();
    const answers = await Promise.all(Array.from({ length: 6 }, () => send(customer.token!)));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 429, 429, 429, 429]);
    expect(await refusal(answers.find((a) => a.status === 429)!)).toEqual({ status: 429, code: 'TOO_MANY_ATTEMPTS' });
  });

  it('re-encodes two images at a time with eight waiting, and refuses the rest at once with SERVER_BUSY (503)', async () => {
    const customers: { token?: string }[] = [];
    // One after another: sign-ups hash passwords, and the hashing queue refuses bursts too.
    for (let i = 0; i < 10; i++) customers.push(await busy.newCustomer());
    const answers = await Promise.all(customers.flatMap((c) => [send(c.token!), send(c.token!)]));
    const statuses = answers.map((a) => a.status);
    // Two running and eight waiting take the first ten; how many more fit depends on how fast the first
    // finish on this machine (tests/unit/bounded-work.spec.ts pins the numbers).
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(10);
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 201 || s === 503)).toBe(true);
    expect(await refusal(answers.find((a) => a.status === 503)!)).toEqual({ status: 503, code: 'SERVER_BUSY' });
  });

  it('refuses a user over the daily quota before reading or decoding the image', async () => {
    const api = await startTestApi({ uploadDailyCount: 1 });
    try {
      const customer = await api.newCustomer();
      const first = await fetch(`${api.api.url}/uploads`, { method: 'POST', headers: { 'content-type': 'image/png', authorization: `Bearer ${customer.token}` }, body: TINY_PNG });
      expect(first.status).toBe(201);
      // Not even an image: only a check made before the body is read can answer the quota here.
      const second = await fetch(`${api.api.url}/uploads`, { method: 'POST', headers: { 'content-type': 'image/png', authorization: `Bearer ${customer.token}` }, body: Buffer.from('not an image') });
      expect(await refusal(second)).toEqual({ status: 429, code: 'UPLOAD_QUOTA_EXCEEDED' });
    } finally {
      await api.stop();
    }
  });
});
