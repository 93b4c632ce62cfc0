import { Worker } from 'node:worker_threads';
import type { LoadRequest, LoadResult } from './http-load.worker.js';

/** Runs the load generator in a worker thread and resolves with what it measured. */
export function runHttpLoad(request: LoadRequest): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./http-load.worker.js', import.meta.url), { workerData: request });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error('HTTP load worker did not answer in time'));
    }, request.durationMs + 120_000);
    worker.once('message', (message: { ok: boolean; result?: LoadResult; error?: string }) => {
      clearTimeout(timer);
      void worker.terminate();
      if (message.ok) resolve(message.result!);
      else reject(new Error(message.error));
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

export type { LoadRequest, LoadResult };
