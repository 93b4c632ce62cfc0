import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SqlPool } from '#platform';
import type { SampleEvent } from './append.bench.js';

const SCRATCH = 'bench_bare_http_events';

export interface BareHttpServer {
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * The HTTP ceiling: what Node itself does on these cores. A bare node:http server in this process
 * (the same main thread the app runs on), one pool of its own: per request it reads and parses the
 * JSON body, INSERTs one row of the sample event into a scratch copy of es_events (same columns,
 * keys and indexes) in autocommit, and answers 201 with a small JSON body. No framework, no
 * validation, no authentication, no personal data: the floor any command path stands on.
 */
export async function startBareHttpServer(pool: SqlPool, sample: SampleEvent): Promise<BareHttpServer> {
  await pool.query(`DROP TABLE IF EXISTS ${SCRATCH}`);
  await pool.query(`CREATE TABLE ${SCRATCH} (LIKE es_events INCLUDING ALL)`);
  const data = JSON.stringify(sample.data);
  const metadata = JSON.stringify(sample.metadata);
  const sql = `INSERT INTO ${SCRATCH} (global_position, event_id, stream_name, revision, type, data, metadata) VALUES ($1, $2, $3, $4, $5, $6, $7)`;
  let position = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let body: { title?: unknown };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { title?: unknown };
      } catch {
        response.writeHead(400).end();
        return;
      }
      const id = randomUUID();
      position++;
      pool.query(sql, [position, id, `bare-${id}`, 0, sample.type, data, metadata]).then(
        () => {
          const answer = JSON.stringify({
            caseId: id,
            revision: 0,
            events: [sample.type],
            title: body.title,
          });
          response.writeHead(201, { 'content-type': 'application/json' }).end(answer);
        },
        () => response.writeHead(500).end(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await pool.query(`DROP TABLE IF EXISTS ${SCRATCH}`);
    },
  };
}
