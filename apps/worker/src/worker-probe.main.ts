import { judgeWorkerHeartbeat } from './worker-heartbeat.js';

/**
 * The worker container's healthcheck: exit 0 while the worker's heartbeat is recent and its
 * database and event store answered, 1 otherwise (with the reason). Imports nothing else of the app,
 * so it starts fast enough to run every few seconds.
 */
const { healthy, reason } = judgeWorkerHeartbeat();
process.stdout.write(`gridcase worker ${healthy ? 'healthy' : 'unhealthy'}: ${reason}\n`);
process.exit(healthy ? 0 : 1);
