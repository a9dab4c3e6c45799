import type { Protocol, Session } from 'electron';
import { contentSecurityPolicy, pageSecurityHeaders } from '../web/response-headers';
import { readStaticFile } from '../web/static-files';
import { rendererHost, rendererScheme } from './renderer-origin';

/** Must run before the app is ready: `app://` behaves like https (secure, standard URLs). */
export function registerRendererScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: rendererScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/**
 * Serves the built renderer on `app://realmkeeper/` with the same CSP and security headers as
 * the browser shell, and nothing outside its folder.
 */
export function serveRenderer(protocol: Pick<Protocol, 'handle'>, rendererDirectory: string): void {
  protocol.handle(rendererScheme, async (request) => {
    const url = new URL(request.url);
    if (url.host !== rendererHost || request.method !== 'GET') return new Response('Not found', { status: 404 });
    const file = await readStaticFile(rendererDirectory, url.pathname);
    if (file.kind === 'missing') return new Response('Not found', { status: 404, headers: pageSecurityHeaders });
    return new Response(new Uint8Array(file.body), { status: 200, headers: { ...pageSecurityHeaders, 'content-type': file.contentType } });
  });
}

/** The CSP on every response the window's session sees, whatever served it. */
export function enforceContentSecurityPolicy(session: Pick<Session, 'webRequest'>): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy] } });
  });
}

/**
 * The window needs no permission at all: main shows the notifications, and the copy button falls
 * back to selecting the text. Electron grants every permission unless told otherwise, and asks two
 * questions: a request (a prompt, e.g. `Notification.requestPermission()`) and a check (a silent
 * query, e.g. `Notification.permission` or `navigator.permissions.query`). Both answer no.
 */
export function denyEveryPermission(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
