import type { NodeSDK } from '@opentelemetry/sdk-node';

/**
 * Whether the standard OpenTelemetry environment asks for traces: an OTLP endpoint
 * (`OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) or an exporter named in
 * `OTEL_TRACES_EXPORTER` (`otlp`, `console`, …), unless it says `none` or `OTEL_SDK_DISABLED=true`.
 */
export function tracingRequested(env: NodeJS.ProcessEnv): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '').split(',').map((e) => e.trim().toLowerCase()).filter(Boolean);
  if (exporters.includes('none')) return false;
  return exporters.length > 0 || Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/**
 * Starts the OpenTelemetry Node SDK (traces only: Prometheus serves the metrics) with the HTTP, Express,
 * pg and GraphQL instrumentations, everything else read from the standard `OTEL_*` variables (exporter,
 * endpoint, protocol, service name, sampler). Must run before those modules are first required, so the
 * entry point calls it first. When tracing is not requested it loads nothing and returns undefined.
 */
export function startTracing(env: NodeJS.ProcessEnv = process.env): NodeSDK | undefined {
  if (!tracingRequested(env)) return undefined;
  // Required lazily: an instance without tracing never loads the SDK.
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { ExpressInstrumentation } = require('@opentelemetry/instrumentation-express') as typeof import('@opentelemetry/instrumentation-express');
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  const { GraphQLInstrumentation } = require('@opentelemetry/instrumentation-graphql') as typeof import('@opentelemetry/instrumentation-graphql');
  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME ? undefined : 'morna',
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      // Scrapes and health checks are frequent and say nothing about a request's path through the system.
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => /^\/(metrics|health)(\/|\?|$)/.test(req.url ?? '') }),
      new ExpressInstrumentation(),
      // Statements outside a request (the relay's poll, job fetches) would be traces of one span each.
      new PgInstrumentation({ requireParentSpan: true }),
      // One span per operation (parse, validate, execute), not one per field.
      new GraphQLInstrumentation({ ignoreResolveSpans: true }),
    ],
  });
  sdk.start();
  return sdk;
}
