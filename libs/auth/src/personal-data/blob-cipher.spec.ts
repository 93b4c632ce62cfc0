import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from '@jest/globals';
import {
  BlobIntegrityError,
  blobTextKeyId,
  createBlobCipher,
  createBlobDecipher,
  readBlobHeader,
} from './blob-cipher.js';

const KEY = randomBytes(32);
const KEY_ID = '11111111-2222-4333-8444-555555555555';

async function collect(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

/** Splits into uneven chunks, as a network would. */
function chunked(bytes: Buffer): Readable {
  const parts: Buffer[] = [];
  for (let offset = 0, step = 1; offset < bytes.length; offset += step, step = (step * 7 + 3) % 40_000 || 1)
    parts.push(bytes.subarray(offset, offset + step));
  return Readable.from(parts);
}

async function seal(plain: Buffer, context = 'case-a'): Promise<Buffer> {
  return collect(chunked(plain).pipe(createBlobCipher(KEY, KEY_ID, context)));
}

async function open(sealed: Buffer, context = 'case-a', key = KEY): Promise<Buffer> {
  const source = chunked(sealed);
  const header = await readBlobHeader(source);
  expect(header.keyId).toBe(KEY_ID);
  const out: Buffer[] = [];
  await pipeline(source, createBlobDecipher(key, header, context), async (plain: AsyncIterable<Buffer>) => {
    for await (const chunk of plain) out.push(chunk);
  });
  return Buffer.concat(out);
}

describe('blob cipher (streamed AES-256-GCM segments under a case key)', () => {
  it.each([0, 1, 65_535, 65_536, 65_537, 3 * 65_536, 200_001])(
    'gives back %d bytes exactly, through uneven chunks',
    async (size) => {
      const plain = randomBytes(size);
      const sealed = await seal(plain);
      expect(sealed.includes(plain.subarray(0, Math.min(size, 64))) && size >= 16).toBe(false);
      expect((await open(sealed)).equals(plain)).toBe(true);
    },
  );

  it('writes a fresh salt per file, so the same bytes never seal alike', async () => {
    const plain = randomBytes(1000);
    expect((await seal(plain)).equals(await seal(plain))).toBe(false);
  });

  it('refuses a file cut at a segment boundary (the last segment left is not marked last)', async () => {
    const plain = randomBytes(3 * 65_536 + 10);
    const sealed = await seal(plain);
    const headerLength = 4 + 16 + 1 + KEY_ID.length;
    const cut = sealed.subarray(0, headerLength + 2 * (65_536 + 16));
    await expect(open(cut)).rejects.toBeInstanceOf(BlobIntegrityError);
  });

  it('refuses a file cut inside a segment, and one with bytes appended', async () => {
    const sealed = await seal(randomBytes(100_000));
    await expect(open(sealed.subarray(0, sealed.length - 1))).rejects.toBeInstanceOf(BlobIntegrityError);
    await expect(open(Buffer.concat([sealed, Buffer.from([0])]))).rejects.toBeInstanceOf(BlobIntegrityError);
  });

  it('refuses a flipped bit, another context (another case) and another key', async () => {
    const sealed = await seal(randomBytes(70_000));
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 100]! ^= 1;
    await expect(open(flipped)).rejects.toBeInstanceOf(BlobIntegrityError);
    await expect(open(sealed, 'case-b')).rejects.toBeInstanceOf(BlobIntegrityError);
    await expect(open(sealed, 'case-a', randomBytes(32))).rejects.toBeInstanceOf(BlobIntegrityError);
  });

  it('refuses bytes without a header', async () => {
    await expect(readBlobHeader(Readable.from([Buffer.from('%PDF-1.7 not sealed')]))).rejects.toBeInstanceOf(
      BlobIntegrityError,
    );
    await expect(readBlobHeader(Readable.from([]))).rejects.toBeInstanceOf(BlobIntegrityError);
  });

  it('derives per-upload key ids of the case-text family, stable for a retried upload', () => {
    expect(blobTextKeyId('case-1', 'upload-1')).toBe(blobTextKeyId('case-1', 'upload-1'));
    expect(blobTextKeyId('case-1', 'upload-1')).not.toBe(blobTextKeyId('case-1', 'upload-2'));
  });
});
