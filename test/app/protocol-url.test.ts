import { describe, expect, it } from 'vitest';
import { parseProtocolUrl, protocolUrlInArguments } from '../../main/app/protocol-url';

describe('parseProtocolUrl', () => {
  it('recognises the OAuth callback and the reconnect link', () => {
    expect(parseProtocolUrl('realmkeeper://oauth/callback?code=x&state=y')).toEqual({ kind: 'oauth_callback', url: 'realmkeeper://oauth/callback?code=x&state=y' });
    expect(parseProtocolUrl('realmkeeper://reconnect?realmId=9341452148659287')).toEqual({ kind: 'reconnect', realmId: '9341452148659287' });
  });

  it('ignores anything else', () => {
    for (const url of ['realmkeeper://reconnect?realmId=abc', 'realmkeeper://elsewhere', 'https://oauth/callback', '::']) {
      expect(parseProtocolUrl(url)).toEqual({ kind: 'unknown' });
    }
  });

  it('finds the URL among process arguments', () => {
    expect(protocolUrlInArguments(['/usr/bin/realmkeeper', '--flag', 'realmkeeper://oauth/callback?code=1'])).toBe('realmkeeper://oauth/callback?code=1');
    expect(protocolUrlInArguments(['/usr/bin/realmkeeper'])).toBeUndefined();
  });
});
