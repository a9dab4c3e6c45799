import { describe, expect, it, vi } from 'vitest';
import { attentionLabel, trayMenuTemplate } from '../../main/electron/tray';

describe('tray menu', () => {
  it('says how many companies need attention, and Quit quits', () => {
    expect(attentionLabel(0)).toBe('All companies are connected');
    expect(attentionLabel(1)).toBe('1 company needs attention');
    const actions = { showWindow: vi.fn(), openLogsFolder: vi.fn(), quit: vi.fn() };
    const template = trayMenuTemplate(3, actions);
    expect(template[0]).toMatchObject({ label: '3 companies need attention', enabled: false });
    const quit = template.find((item) => item.label === 'Quit Realmkeeper');
    quit?.click?.({} as never, undefined, {} as never);
    expect(actions.quit).toHaveBeenCalledOnce();
    template.find((item) => item.label === 'Open logs folder')?.click?.({} as never, undefined, {} as never);
    expect(actions.openLogsFolder).toHaveBeenCalledOnce();
  });
});
