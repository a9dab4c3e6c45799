import { describe, expect, it } from 'vitest';
import { openerFor } from '../../../main/core/system/open-in-browser';

describe('openerFor', () => {
  const url = 'https://appcenter.intuit.com/connect/oauth2?client_id=a&state=b';

  it('uses each platform\'s own opener', () => {
    expect(openerFor(url, 'darwin')).toEqual(['open', [url]]);
    expect(openerFor(url, 'linux')).toEqual(['xdg-open', [url]]);
  });

  it('quotes the whole URL for cmd, so an & does not end the command', () => {
    const [command, args] = openerFor(url, 'win32');
    expect(command).toBe('cmd');
    expect(args.at(-1)).toBe(`start "" "${url}"`);
  });
});
