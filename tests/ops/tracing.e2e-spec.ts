import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { adminQuery, freePort, TEMPLATE_DATABASE, testDatabaseUrl } from '../helpers/test-database';

/** The compiled `npm start` entry point: tracing must start before the instrumented modules load. */
const START = resolve(__dirname, '../../api/dist/api/src/start.js');

/** A span as OTLP/HTTP JSON carries it (the fields this test reads). */
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes?: { key: string; value: { stringValue?: string } }[];
}
interface OtlpExport {
  resourceSpans?: { resource?: { attributes?: { key: string; value: { stringValue?: string } }[] }; scopeSpans?: { spans?: OtlpSpan[] }[] }[];
}

/** A tiny OTLP/HTTP receiver: keeps every JSON trace export POSTed to /v1/traces. */
function startReceiver(): Promise<{ server: Server; url: string; exports: OtlpExport[] }> {
  const exports: OtlpExport[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.url === '/v1/traces' && req.headers['content-type']?.includes('json')) exports.push(JSON.parse(body) as OtlpExport);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, exports })));
}

const spansOf = (exports: OtlpExport[]) => exports.flatMap((e) => e.resourceSpans ?? []).flatMap((r) => r.scopeSpans ?? []).flatMap((s) => s.spans ?? []);
const attribute = (span: OtlpSpan, key: string) => span.attributes?.find((a) => a.key === key)?.value.stringValue;

describe('OpenTelemetry tracing configured by the standard OTEL_* environment', () => {
  let database: string;
  let dataDir: string;
  let child: ChildProcess | undefined;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    if (!existsSync(START)) throw new Error(`${START} is missing: run \`npm run build\` (npm test does it first)`);
    database = `morna_trace_${process.pid}_${randomInt(1e6)}`;
    await adminQuery(`CREATE DATABASE ${database} TEMPLATE ${TEMPLATE_DATABASE}`);
    dataDir = mkdtempSync(join(tmpdir(), 'morna-trace-'));
    receiver = await startReceiver();
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    receiver.server.close();
    await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('exports a span for a GraphQL request named after its operation, with the SQL it ran as pg child spans', async () => {
    child = spawn(process.execPath, [START], {
      env: {
        ...process.env,
        DATABASE_URL: testDatabaseUrl(database),
        PORT: '0',
        HOST: '127.0.0.1',
        MORNA_DATA_DIR: dataDir,
        ANVIL_PORT: String(await freePort()),
        LOG_LEVEL: 'warn',
        SWEEP_INTERVAL_SECONDS: '3600',
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_SERVICE_NAME: 'morna-trace-test',
        OTEL_BSP_SCHEDULE_DELAY: '100',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const graphqlUrl = await new Promise<string>((resolveUrl, reject) => {
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /GraphQL \(HTTP\)\s+(http:\/\/\S+)/.exec(output);
        if (match) resolveUrl(match[1]!);
      };
      child!.stdout!.on('data', read);
      child!.stderr!.on('data', read);
      child!.on('exit', (code) => reject(new Error(`start exited with ${code}:\n${output}`)));
    });
    // A sign-in with an unknown login: refused, after reading the database (throttle and user).
    const response = await fetch(graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation TraceProbe { signIn(input: { login: "nobody-here", password: "not-a-password" }) { accessToken } }', operationName: 'TraceProbe' }),
    });
    expect(response.status).toBe(200);

    let operation: OtlpSpan | undefined;
    let sql: OtlpSpan[] = [];
    for (let attempt = 0; attempt < 100 && (!operation || sql.length === 0); attempt += 1) {
      await new Promise((r) => setTimeout(r, 100));
      const spans = spansOf(receiver.exports);
      operation = spans.find((s) => attribute(s, 'graphql.operation.name') === 'TraceProbe');
      const inTrace = operation ? spans.filter((s) => s.traceId === operation!.traceId) : [];
      sql = inTrace.filter((s) => attribute(s, 'db.system') === 'postgresql' || attribute(s, 'db.system.name') === 'postgresql');
    }
    expect(operation).toBeDefined();
    expect(sql.length).toBeGreaterThan(0);
    const service = receiver.exports.flatMap((e) => e.resourceSpans ?? []).flatMap((r) => r.resource?.attributes ?? []).find((a) => a.key === 'service.name');
    expect(service?.value.stringValue).toBe('morna-trace-test');
  });
});
