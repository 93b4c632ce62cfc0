import { deflateRawSync } from 'node:zlib';
import { zipSync, strToU8 } from 'fflate';
import sharp from 'sharp';

/**
 * Real files of every accepted type, made here (no binary fixtures in the repository): images by
 * libvips, office documents as the zip layouts Word, Excel, PowerPoint and LibreOffice write, a PDF
 * by hand. Also the hostile ones: zip bombs, images past the pixel bound, disguised files.
 */
export async function sampleImage(
  format: 'jpeg' | 'png' | 'gif' | 'webp',
  width = 640,
  height = 480,
): Promise<Buffer> {
  // A gradient-like pattern, so encoders cannot shrink it to nothing.
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7 + Math.floor(i / (width * 3)) * 13) & 0xff;
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .toFormat(format)
    .toBuffer();
}

/** A PNG header declaring `width` × `height` pixels (a decompression bomb needs no more than that to be refused). */
export function pngClaiming(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const chunk = Buffer.concat([Buffer.from('IHDR'), ihdr]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(chunk), 0);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(13, 0);
  const idat = deflateRawSync(Buffer.alloc(1024));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    length,
    chunk,
    crc,
    Buffer.from([0, 0, 0, idat.length & 0xff]),
    Buffer.from('IDAT'),
    idat.subarray(0, 255),
  ]);
}

/** A one-page PDF with a line of text. */
export function samplePdf(text = 'Notice of administrative penalty decision, served and signed'): Buffer {
  const stream = `BT /F1 12 Tf 72 720 Td (${text.replace(/[()\\]/g, '')}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.7\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

const OOXML_MAIN = {
  docx: ['word/document.xml', 'wordprocessingml.document.main+xml'],
  xlsx: ['xl/workbook.xml', 'spreadsheetml.sheet.main+xml'],
  pptx: ['ppt/presentation.xml', 'presentationml.presentation.main+xml'],
} as const;

/** An Office Open XML document laid out as Office writes one; `macros` adds a VBA project (docm & co.). */
export function sampleOoxml(kind: keyof typeof OOXML_MAIN, options: { macros?: boolean } = {}): Buffer {
  const [main, contentType] = OOXML_MAIN[kind];
  const folder = main.split('/')[0]!;
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/${main}" ContentType="application/vnd.openxmlformats-officedocument.${contentType}"/></Types>`,
    ),
    '_rels/.rels': strToU8('<?xml version="1.0"?><Relationships/>'),
    [main]: strToU8(`<?xml version="1.0"?><document>${'<p>送达回证 已签收</p>'.repeat(200)}</document>`),
  };
  if (options.macros) files[`${folder}/vbaProject.bin`] = new Uint8Array(512).fill(7);
  return Buffer.from(zipSync(files));
}

/** An OpenDocument file: `mimetype` first and stored, as the ODF standard requires. */
export function sampleOdf(kind: 'text' | 'spreadsheet' | 'presentation'): Buffer {
  return Buffer.from(
    zipSync({
      mimetype: [strToU8(`application/vnd.oasis.opendocument.${kind}`), { level: 0 }],
      'content.xml': strToU8(
        `<office:document-content>${'<text:p>调解记录</text:p>'.repeat(100)}</office:document-content>`,
      ),
      'META-INF/manifest.xml': strToU8('<manifest:manifest/>'),
    }),
  );
}

/** A docx-looking zip whose document part expands to `expandedBytes` of zeros (a zip bomb). */
export function zipBomb(expandedBytes: number): Buffer {
  return Buffer.from(
    zipSync({
      '[Content_Types].xml': strToU8('<Types/>'),
      'word/document.xml': [new Uint8Array(expandedBytes), { level: 9 }],
    }),
  );
}

/** A zip that is not an office document. */
export function plainZip(): Buffer {
  return Buffer.from(zipSync({ 'notes.txt': strToU8('just a zip') }));
}

let crcTable: Uint32Array | undefined;
function crc32(bytes: Buffer): number {
  crcTable ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = 0xffffffff;
  for (const byte of bytes) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
