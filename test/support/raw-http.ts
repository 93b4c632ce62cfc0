import { connect } from 'node:net';

export interface RawAnswer {
  /** e.g. `HTTP/1.1 400 Bad Request`; empty when the server closed without a word. */
  statusLine: string;
  status: number;
  headers: Record<string, string>;
  body: string;
  /** How the connection ended: closed by the server, or reset. */
  ended: 'closed' | 'reset';
}

/**
 * Sends bytes as they are (fetch would refuse or repair them: raw non-ASCII in a URL, NUL in a
 * header, two Content-Lengths) and reads the one answer until the server closes the connection.
 */
export function rawRequest(
  baseUrl: string,
  bytes: string | Buffer,
  options: { timeoutMs?: number; keepSending?: { chunk: string; everyMs: number } } = {},
): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    let ended: RawAnswer['ended'] = 'closed';
    let ticker: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no end of the answer within ${options.timeoutMs ?? 10_000} ms`));
    }, options.timeoutMs ?? 10_000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') ended = 'reset';
    });
    socket.on('close', () => {
      clearTimeout(timer);
      if (ticker) clearInterval(ticker);
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...headerLines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of headerLines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({
        statusLine,
        status: Number(statusLine.split(' ')[1] ?? 0),
        headers,
        body: rest.join('\r\n\r\n'),
        ended,
      });
    });
    socket.on('connect', () => {
      socket.write(bytes);
      if (options.keepSending) {
        const { chunk, everyMs } = options.keepSending;
        ticker = setInterval(() => {
          if (!socket.destroyed && socket.writable) socket.write(chunk);
        }, everyMs);
      }
    });
  });
}
