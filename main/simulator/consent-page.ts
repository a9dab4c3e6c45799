import type { AuthorizationRequest } from './authorization';
import { authorizationPath } from './discovery';
import { escapeHtml } from './http-helpers';

function page(title: string, content: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem}
fieldset{border:1px solid #ccc;padding:1rem}label{display:block;margin:.5rem 0}
.error{color:#b00020}button{margin-right:1rem;padding:.5rem 1.5rem}</style></head>
<body>
${content}
</body>
</html>
`;
}

function hidden(name: string, value: string | null): string {
  return value === null ? '' : `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;
}

/** Intuit's sign-in and consent, reduced to what a client can observe: pick a company, Connect or Cancel. */
export function renderConsentPage(request: AuthorizationRequest, problem: string | null): string {
  const environmentLabel = request.client.environment === 'sandbox' ? 'Sandbox' : 'Production';
  const companies = request.needsCompany
    ? `<fieldset>
<legend>Select a company</legend>
${request.companies
  .map(
    (company, index) =>
      `<label for="company-${index}"><input type="radio" id="company-${index}" name="realmId" value="${escapeHtml(company.realmId)}" required>${escapeHtml(company.companyName)}</label>`,
  )
  .join('\n')}
</fieldset>`
    : '';
  return page(
    'Intuit: connect an app',
    `<main>
<h1>Connect to Realmkeeper (${environmentLabel})</h1>
<p>Signed in as the simulated Intuit user. This app is asking for: ${escapeHtml(request.scopes.join(', '))}.</p>
${problem === null ? '' : `<p class="error" role="alert">${escapeHtml(problem)}</p>`}
<form method="post" action="${authorizationPath}">
${hidden('client_id', request.client.clientId)}
${hidden('response_type', 'code')}
${hidden('scope', request.scopes.join(' '))}
${hidden('redirect_uri', request.redirectUri)}
${hidden('state', request.state)}
${companies}
<p><button type="submit" name="decision" value="connect">Connect</button>
<button type="submit" name="decision" value="cancel" formnovalidate>Cancel</button></p>
</form>
</main>`,
  );
}

export function renderErrorPage(message: string): string {
  return page('Intuit: error', `<main><h1>Something went wrong</h1><p role="alert">${escapeHtml(message)}</p></main>`);
}
