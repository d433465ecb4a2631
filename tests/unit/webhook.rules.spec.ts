import { createHmac } from 'node:crypto';
import {
  acceptableUrl, addressKind, attemptOutcome, endpointReceives, parseRetryAfter, retryDelayMs, shouldDisable, signatureHeader,
} from '../../api/src/modules/webhooks/webhook.rules';

const production = { allowLoopback: false, allowPrivate: false };
const development = { allowLoopback: true, allowPrivate: false };

describe('webhook rules', () => {
  it('signs "<t>.<body>" with HMAC-SHA256 of the whole secret, as t=…,v1=<hex>', () => {
    const expected = createHmac('sha256', 'whsec_abc').update('1700000000.{"a":1}').digest('hex');
    expect(signatureHeader('whsec_abc', 1700000000, '{"a":1}')).toBe(`t=1700000000,v1=${expected}`);
  });

  it('retries no response, 408, 429 and 5xx while attempts remain, and fails other 4xx and 3xx at once', () => {
    expect(attemptOutcome(200, 1, 3)).toBe('SUCCEEDED');
    expect(attemptOutcome(299, 3, 3)).toBe('SUCCEEDED');
    for (const status of [null, 408, 429, 500, 503]) expect(attemptOutcome(status, 2, 3)).toBe('RETRY');
    expect(attemptOutcome(503, 3, 3)).toBe('FAILED');
    for (const status of [301, 400, 401, 404, 410, 422]) expect(attemptOutcome(status, 1, 3)).toBe('FAILED');
  });

  it('doubles the delay per attempt with equal jitter, capped, and honours a longer Retry-After up to the cap', () => {
    expect(retryDelayMs(1, 1000, 60_000, 0, null)).toBe(500);
    expect(retryDelayMs(1, 1000, 60_000, 0.999999, null)).toBe(1000);
    expect(retryDelayMs(4, 1000, 60_000, 0, null)).toBe(4000);
    expect(retryDelayMs(30, 1000, 60_000, 1, null)).toBe(60_000);
    expect(retryDelayMs(1, 1000, 60_000, 0, 30_000)).toBe(30_000);
    expect(retryDelayMs(1, 1000, 60_000, 0, 3_600_000)).toBe(60_000);
    expect(retryDelayMs(3, 1000, 60_000, 0, 10)).toBe(2000);
  });

  it('reads Retry-After in seconds or as an HTTP date', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });

  it('disables after N failures in a row or after failing for the configured hours', () => {
    const now = new Date('2026-01-02T00:00:00Z');
    const limits = { disableAfterFailures: 5, disableAfterHours: 24 };
    expect(shouldDisable(4, new Date('2026-01-01T12:00:00Z'), now, limits)).toBe(false);
    expect(shouldDisable(5, new Date('2026-01-01T12:00:00Z'), now, limits)).toBe(true);
    expect(shouldDisable(1, new Date('2026-01-01T00:00:00Z'), now, limits)).toBe(true);
  });

  it('sends a customer-bound endpoint only that customer\'s events and its user\'s notifications, never staff-only ones', () => {
    const scope = { eventTypes: ['ORDER_CHANGED', 'NOTIFICATION_CREATED', 'ALERT_RAISED'], startAfterEventId: '10', customer: { id: 'c1', userId: 'u1' } };
    expect(endpointReceives(scope, { id: '11', topic: 'ORDER_CHANGED', payload: { customerId: 'c1' } })).toBe(true);
    expect(endpointReceives(scope, { id: '11', topic: 'ORDER_CHANGED', payload: { customerId: 'c2' } })).toBe(false);
    expect(endpointReceives(scope, { id: '11', topic: 'ORDER_CHANGED', payload: { customerId: 'c1', holderChanged: true } })).toBe(false);
    expect(endpointReceives(scope, { id: '10', topic: 'ORDER_CHANGED', payload: { customerId: 'c1' } })).toBe(false);
    expect(endpointReceives(scope, { id: '12', topic: 'NOTIFICATION_CREATED', payload: { userId: 'u1' } })).toBe(true);
    expect(endpointReceives(scope, { id: '12', topic: 'NOTIFICATION_CREATED', payload: { userId: 'u2' } })).toBe(false);
    expect(endpointReceives(scope, { id: '12', topic: 'ALERT_RAISED', payload: { alertId: 'a' } })).toBe(false);
    expect(endpointReceives({ ...scope, customer: null }, { id: '12', topic: 'ALERT_RAISED', payload: { alertId: 'a' } })).toBe(true);
    expect(endpointReceives({ ...scope, customer: null }, { id: '12', topic: 'PAYMENT_CHANGED', payload: {} })).toBe(false);
  });

  it('classifies loopback, private, link-local and mapped addresses', () => {
    expect(addressKind('127.0.0.1')).toBe('loopback');
    expect(addressKind('::1')).toBe('loopback');
    expect(addressKind('::ffff:127.0.0.1')).toBe('loopback');
    for (const ip of ['10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', 'fd00::1', 'fe80::1', '::ffff:10.0.0.1']) expect(addressKind(ip)).toBe('private');
    for (const ip of ['8.8.8.8', '172.32.0.1', '2001:4860:4860::8888']) expect(addressKind(ip)).toBe('public');
  });

  it('accepts only http(s) URLs without credentials, and loopback only when allowed', () => {
    expect(acceptableUrl('https://hooks.example.com/x', production)).toBe('https://hooks.example.com/x');
    for (const url of ['ftp://example.com', 'javascript:alert(1)', 'not a url', 'https://u:p@example.com/', 'http://10.0.0.1/', 'http://[::1]:8080/']) {
      expect(acceptableUrl(url, production)).toBeNull();
    }
    expect(acceptableUrl('http://localhost:3000/', production)).toBeNull();
    expect(acceptableUrl('http://127.0.0.1:3000/hook', production)).toBeNull();
    expect(acceptableUrl('http://127.0.0.1:3000/hook', development)).toBe('http://127.0.0.1:3000/hook');
    expect(acceptableUrl('http://localhost:3000/', development)).toBe('http://localhost:3000/');
    expect(acceptableUrl('http://10.0.0.1/', { allowLoopback: false, allowPrivate: true })).toBe('http://10.0.0.1/');
  });
});
