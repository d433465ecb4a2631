import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Seconds; from a cached read (0.5 ms) to a request at the time budget (5 s). */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Seconds; SQL statements are mostly sub-millisecond. */
const SQL_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5];
/** Seconds from an event's commit to its relay: NOTIFY makes it milliseconds; the poll bounds it without NOTIFY. */
const RELAY_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Readings taken when Prometheus scrapes, from the parts of the running instance that know them. */
export interface MetricsProbes {
  /** Connections of the ORM's pool: in use, idle, and requests waiting for one. */
  dbPool(): { used: number; free: number; pending: number; max: number };
  webSocketConnections(): number;
  /** Subscriptions attached to the event hub now. */
  subscriptions(): number;
  /** Committed `domain_event` rows past the relay's cursor. */
  relayBacklog(): Promise<number>;
  /** Jobs waiting (created or retrying) per pg-boss queue. */
  jobQueueDepths(): Promise<Record<string, number>>;
}

/**
 * The Prometheus metrics of one API instance, on a registry of its own (two instances in one process, as in
 * tests, do not mix). Every label takes values from a bounded set: route groups, operation names the
 * first-party apps declare (others are `other`, unnamed `anonymous`), error codes, queue names; never ids.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({ name: 'morna_http_requests_total', help: 'HTTP requests answered, by method, route group and status', labelNames: ['method', 'route', 'status'], registers: [this.registry] });
  readonly httpDuration = new Histogram({ name: 'morna_http_request_duration_seconds', help: 'Time to answer an HTTP request, by method and route group', labelNames: ['method', 'route'], buckets: LATENCY_BUCKETS, registers: [this.registry] });
  readonly graphqlOperations = new Counter({ name: 'morna_graphql_operations_total', help: 'GraphQL operations started, over HTTP and WebSocket, by operation name and type', labelNames: ['operation', 'type'], registers: [this.registry] });
  readonly graphqlDuration = new Histogram({ name: 'morna_graphql_operation_duration_seconds', help: 'Time to execute a GraphQL query or mutation over HTTP, by operation name and type', labelNames: ['operation', 'type'], buckets: LATENCY_BUCKETS, registers: [this.registry] });
  readonly graphqlErrors = new Counter({ name: 'morna_graphql_errors_total', help: 'Errors in GraphQL responses, by extensions.code', labelNames: ['code'], registers: [this.registry] });
  readonly sqlDuration = new Histogram({ name: 'morna_db_query_duration_seconds', help: 'Time of one SQL statement of the ORM, by outcome (ok or error)', labelNames: ['outcome'], buckets: SQL_BUCKETS, registers: [this.registry] });
  readonly relayLag = new Histogram({ name: 'morna_event_relay_lag_seconds', help: 'Time from a domain event row being written to its delivery to this instance\'s subscribers', buckets: RELAY_BUCKETS, registers: [this.registry] });

  constructor(probes: MetricsProbes) {
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    new Gauge({
      name: 'morna_db_pool_connections',
      help: 'Connections of the ORM pool, by state (used, free, pending = requests waiting for one, max)',
      labelNames: ['state'],
      registers,
      collect() {
        for (const [state, value] of Object.entries(probes.dbPool())) this.set({ state }, value);
      },
    });
    new Gauge({ name: 'morna_websocket_connections', help: 'Open GraphQL WebSocket connections', registers, collect() { this.set(probes.webSocketConnections()); } });
    new Gauge({ name: 'morna_graphql_subscriptions', help: 'Open subscriptions listening for domain events', registers, collect() { this.set(probes.subscriptions()); } });
    new Gauge({
      name: 'morna_event_relay_backlog',
      help: 'Committed domain events this instance has not relayed yet (rows behind)',
      registers,
      async collect() {
        this.set(await probes.relayBacklog());
      },
    });
    new Gauge({
      name: 'morna_job_queue_depth',
      help: 'Jobs waiting to run (created or retrying), by pg-boss queue',
      labelNames: ['queue'],
      registers,
      async collect() {
        for (const [queue, depth] of Object.entries(await probes.jobQueueDepths())) this.set({ queue }, depth);
      },
    });
  }

  /** The text exposition format, and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
