import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { requireChromium } from './support/chromium-gate';

requireChromium();

/** The https relay page production apps register; here served over loopback to a real Chromium. */
const page = readFileSync(resolve(import.meta.dirname, '../../build/relay-page/index.html'));
let server: Server;
let origin: string;

test.beforeAll(async () => {
  server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(page);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise<void>((done) => server.close(() => done()));
});

test('hands Intuit\'s answer to the app\'s protocol and removes the code from the address bar', async ({ page: tab }) => {
  const errors: string[] = [];
  tab.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await tab.goto(`${origin}/relay?code=AB11795453283Gu73pvpi4eFFYUobTMwLnemcUTyJTVsMKcDv8&state=s1&realmId=9341452148659287`, { waitUntil: 'commit' });
  await expect(tab.locator('#open')).toHaveAttribute(
    'href',
    'realmkeeper://oauth/callback?code=AB11795453283Gu73pvpi4eFFYUobTMwLnemcUTyJTVsMKcDv8&state=s1&realmId=9341452148659287',
  );
  expect(tab.url()).toBe(`${origin}/relay`);
  expect(errors.filter((text) => text.includes('Content Security Policy'))).toEqual([]);
});

test('as the Reconnect URL it deep-links to the company', async ({ page: tab }) => {
  await tab.goto(`${origin}/relay?realmId=9341452148659287`, { waitUntil: 'commit' });
  await expect(tab.locator('#open')).toHaveAttribute('href', 'realmkeeper://reconnect?realmId=9341452148659287');
});
