/** The page the browser lands on after the callback redirects (post/redirect/get). */
export interface ResultPage {
  readonly tone: 'success' | 'problem';
  readonly title: string;
  readonly message: string;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

export function renderResultPage(page: ResultPage): string {
  const accent = page.tone === 'success' ? '#1b7f3b' : '#a33a00';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(page.title)} — Realmkeeper</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; display: grid; place-items: center; min-height: 100vh; background: #f5f6f8; color: #1d2330; }
  main { max-width: 32rem; padding: 2rem; background: #fff; border-radius: 12px; box-shadow: 0 2px 12px rgb(0 0 0 / 8%); border-top: 6px solid ${accent}; }
  h1 { font-size: 1.4rem; margin: 0 0 .5rem; }
  @media (prefers-color-scheme: dark) { body { background: #15181e; color: #e7e9ee; } main { background: #1f232b; } }
</style>
</head>
<body>
<main role="${page.tone === 'success' ? 'status' : 'alert'}">
<h1>${escapeHtml(page.title)}</h1>
<p>${escapeHtml(page.message)}</p>
<p>You can close this tab and return to Realmkeeper.</p>
</main>
</body>
</html>`;
}

/** Headers for every page the callback listener serves: nothing cached, nothing framed, no referrer. */
export const resultPageHeaders: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
};
