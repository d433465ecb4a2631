import { startTracing } from './tracing';

/**
 * The process's tracing SDK, started as this module loads: the entry point imports it before anything else,
 * so the instrumentations see http, express, pg and graphql being required. Undefined when not configured.
 */
export const tracing = startTracing();
