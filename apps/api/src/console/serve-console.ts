import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { PROBLEM_CONTENT_TYPE, correlationIdOf, problem } from '#platform';

/**
 * Serves the built operator console (apps/console, `npm run build:console` → dist/console) at
 * /console, on the API's own origin, so the console calls /api/v1 with no CORS (docs/adr/0032).
 * Static files only and no login: the console holds no data, it asks the API like any client.
 */
export function serveConsole(app: INestApplication, directory = consoleDirectory()): void {
  // Only files that were there at start are served (a fixed list: no path is ever joined from a request).
  const files = existsSync(join(directory, 'index.html')) ? listFiles(directory) : null;
  app.use('/console', (request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    if (request.originalUrl === '/console' || request.originalUrl.startsWith('/console?'))
      return response.redirect(301, `/console/${request.originalUrl.slice('/console'.length)}`);
    if (!files) {
      response
        .status(404)
        .type(PROBLEM_CONTENT_TYPE)
        .send(
          JSON.stringify(
            problem(
              404,
              'CONSOLE.NOT_BUILT',
              'the console has not been built: run `npm run build:console` (npm start does it when needed)',
              correlationIdOf(request),
            ),
          ),
        );
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(request.path).replace(/^\/+/, '');
    } catch {
      return next();
    }
    const file = files.get(path);
    if (file) {
      // Hashed asset names change with their content: cache them for good; index.html never.
      const immutable = path.startsWith('assets/');
      response.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      return response.sendFile(file);
    }
    // A screen of the single-page app (/console/cases/…): the page decides; a missing asset is a 404.
    if (/\.[a-z0-9]+$/i.test(path)) return next();
    response.setHeader('Cache-Control', 'no-cache');
    return response.sendFile(join(directory, 'index.html'));
  });
}

/** dist/console of the repository this module belongs to (from source under jest, or compiled in dist/). */
export function consoleDirectory(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(folder, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'gridcase')
      return join(folder, 'dist', 'console');
    const parent = dirname(folder);
    if (parent === folder) return join(process.cwd(), 'dist', 'console');
    folder = parent;
  }
}

function listFiles(directory: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.set(relative(directory, path).split(sep).join('/'), path);
    }
  };
  walk(directory);
  return files;
}
