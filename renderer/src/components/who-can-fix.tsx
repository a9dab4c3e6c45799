import { useState, type FormEvent } from 'react';
import type { CompanySummary } from '../../../preload/contract/api-contract';
import { getApi } from '../api/current-api';
import { reconnectRequest } from '../format/reconnect-request';
import { needsReconnect } from '../format/status-text';
import { loadCompanies } from '../stores/companies-store';

async function copyText(text: string, fallback: HTMLTextAreaElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard permission: select the text so Ctrl+C copies it.
    fallback?.select();
    return false;
  }
}

/** Who reconnects this company, and the request to send them when it is the client's admin. */
export function WhoCanFix({ company }: { readonly company: CompanySummary }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(company.fixer?.name ?? '');
  const [email, setEmail] = useState(company.fixer?.email ?? '');
  const [message, setMessage] = useState<string | null>(null);
  const [copied, setCopied] = useState<'yes' | 'selected' | null>(null);
  const [area, setArea] = useState<HTMLTextAreaElement | null>(null);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const fixer = name.trim() === '' ? null : { name: name.trim(), email: email.trim() === '' ? null : email.trim() };
    const result = await getApi().setCompanyFixer({ companyId: company.id, fixer });
    if (!result.ok) {
      setMessage(result.error.message);
      return;
    }
    setMessage(null);
    setEditing(false);
    void loadCompanies();
  };
  const request = reconnectRequest(company);
  return (
    <section className="who-can-fix" aria-label="Who can fix it" data-testid="who-can-fix">
      <h3>Who can fix it</h3>
      {editing ? (
        <form className="field-row" onSubmit={(event) => void save(event)}>
          <label>
            <span>Client's QuickBooks admin</span>
            <input value={name} onChange={(event) => setName(event.target.value)} placeholder="Name (empty: you reconnect it)" />
          </label>
          <label>
            <span>Email</span>
            <input type="email" value={email} onChange={(event) => setEmail(event.target.value)} placeholder="name@client.com" />
          </label>
          <button type="submit">Save</button>
          {message === null ? null : (
            <span className="error-text" role="alert">
              {message}
            </span>
          )}
        </form>
      ) : (
        <p>
          {company.fixer === null ? (
            <>You, if you are an admin of this company in QuickBooks. </>
          ) : (
            <>
              <strong>{company.fixer.name}</strong>
              {company.fixer.email === null ? '' : ` (${company.fixer.email})`}, the client's QuickBooks admin.{' '}
            </>
          )}
          <button type="button" className="link-button" onClick={() => setEditing(true)}>
            {company.fixer === null ? "Someone else? Name the client's admin" : 'Change'}
          </button>
        </p>
      )}
      {needsReconnect(company) ? (
        <details className="reconnect-request" open={company.fixer !== null}>
          <summary>A reconnect request to send the client</summary>
          <textarea ref={setArea} readOnly value={request} rows={12} aria-label="Reconnect request" />
          <div className="dialog-actions">
            <button
              type="button"
              onClick={async () => {
                setCopied((await copyText(request, area)) ? 'yes' : 'selected');
              }}
            >
              Copy the reconnect request
            </button>
            {company.fixer?.email == null ? null : (
              <a href={`mailto:${company.fixer.email}?subject=${encodeURIComponent(`Please help reconnect ${company.name} to Realmkeeper`)}&body=${encodeURIComponent(request)}`}>Write an email</a>
            )}
            {copied === null ? null : <span role="status">{copied === 'yes' ? 'Copied.' : 'Selected: press Ctrl+C (⌘C) to copy.'}</span>}
          </div>
        </details>
      ) : null}
    </section>
  );
}
