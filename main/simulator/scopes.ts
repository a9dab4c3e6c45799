export const accountingScope = 'com.intuit.quickbooks.accounting';
export const paymentScope = 'com.intuit.quickbooks.payment';

export const knownScopes: ReadonlySet<string> = new Set([
  accountingScope,
  paymentScope,
  'openid',
  'profile',
  'email',
  'phone',
  'address',
]);

export function parseScopes(scope: string): string[] {
  return scope.split(' ').filter((entry) => entry !== '');
}

/** Intuit only picks a company (and sends realmId) for the accounting or payment scope. */
export function scopesNeedCompany(scopes: readonly string[]): boolean {
  return scopes.includes(accountingScope) || scopes.includes(paymentScope);
}
