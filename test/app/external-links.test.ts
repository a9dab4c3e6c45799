import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl } from '../../main/app/external-links';

const policy = { extraOrigins: ['http://127.0.0.1:4000'] };

describe('isAllowedExternalUrl', () => {
  it.each([
    'https://appcenter.intuit.com/connect/oauth2?x=1',
    'https://developer.intuit.com/app/developer/dashboard',
    'https://intuit.com/',
    'http://127.0.0.1:4000/connect/oauth2',
  ])('allows %s', (url) => expect(isAllowedExternalUrl(url, policy)).toBe(true));

  it.each([
    'http://appcenter.intuit.com/',
    'https://intuit.com.evil.example/',
    'https://evilintuit.com/',
    'https://user:pw@appcenter.intuit.com/',
    'https://appcenter.intuit.com:8443/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'http://127.0.0.1:4001/',
    'not a url',
  ])('refuses %s', (url) => expect(isAllowedExternalUrl(url, policy)).toBe(false));
});
