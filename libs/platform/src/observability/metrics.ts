import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One Prometheus registry per process, served at GET /metrics. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'gridcase_' });

export const httpRequestDuration = new Histogram({
  name: 'gridcase_http_request_duration_seconds',
  help: 'HTTP request duration by method, route and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

export const commandsHandled = new Counter({
  name: 'gridcase_commands_total',
  help: 'Commands handled by the pipeline, by aggregate, command type and outcome',
  labelNames: ['aggregate', 'command', 'outcome'] as const,
  registers: [metricsRegistry],
});
