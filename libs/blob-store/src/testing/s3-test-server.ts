import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

export interface S3TestServer {
  /** A BLOB_STORE_URL for its bucket. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * An S3-API server in this process (`s3rver`, files in a temporary directory) with one bucket, for
 * the contract suite and e2e specs: no S3 server needs to run on the machine.
 */
export async function startS3TestServer(bucket = 'gridcase-test'): Promise<S3TestServer> {
  const directory = await mkdtemp(join(tmpdir(), 'gridcase-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const { port } = (await server.run()) as { port: number };
  return {
    url: `s3://S3RVER:S3RVER@${bucket}?endpoint=http://127.0.0.1:${port}&forcePathStyle=true`,
    close: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
