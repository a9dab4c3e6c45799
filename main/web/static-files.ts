import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

export type StaticFile = { readonly kind: 'file'; readonly body: Buffer; readonly contentType: string } | { readonly kind: 'missing' };

/**
 * A file of the built renderer for a URL path, never outside its folder: the path is decoded,
 * normalised and checked to stay under the root, and only known file types are served.
 */
export async function readStaticFile(root: string, urlPath: string): Promise<StaticFile> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { kind: 'missing' };
  }
  if (decoded.includes('\0')) return { kind: 'missing' };
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const path = normalize(join(root, relative));
  if (!path.startsWith(normalize(root + sep))) return { kind: 'missing' };
  const contentType = contentTypes[extname(path).toLowerCase()];
  if (contentType === undefined) return { kind: 'missing' };
  try {
    return { kind: 'file', body: await readFile(path), contentType };
  } catch {
    return { kind: 'missing' };
  }
}
