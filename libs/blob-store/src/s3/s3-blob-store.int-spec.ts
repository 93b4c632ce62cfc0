import { describe } from '@jest/globals';
import { openBlobStore, parseBlobStoreUrl } from '../blob-store-url.js';
import { describeBlobStoreContract } from '../testing/blob-store-contract.js';
import { startS3TestServer } from '../testing/s3-test-server.js';

// s3rver writes objects in place, so two writes racing on one key can mix there (never on S3 itself):
// those two tests run only against S3_TEST_URL.
describeBlobStoreContract(
  'S3 (s3rver, started by the test)',
  async () => {
    const server = await startS3TestServer();
    const store = openBlobStore(parseBlobStoreUrl(server.url));
    return {
      store,
      teardown: async () => {
        await store.close();
        await server.close();
      },
    };
  },
  { atomicUnderConcurrency: false },
);

// Any other S3 API (MinIO, Alibaba OSS, AWS): every run works under its own random prefix.
const url = process.env.S3_TEST_URL;
if (url) {
  describeBlobStoreContract(`S3 at S3_TEST_URL`, async () => {
    const store = openBlobStore(parseBlobStoreUrl(url, 'S3_TEST_URL'));
    return { store, teardown: () => store.close() };
  });
} else {
  process.stdout.write(
    'S3 contract suite against S3_TEST_URL SKIPPED: S3_TEST_URL is not set (s3rver covers S3 here)\n',
  );
  describe.skip('BlobStore contract: S3 at S3_TEST_URL (needs S3_TEST_URL, e.g. s3://KEY:SECRET@bucket?endpoint=http://127.0.0.1:9000&forcePathStyle=true)', () =>
    undefined);
}
