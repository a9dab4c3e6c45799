import type { Menu, MenuItemConstructorOptions, Tray } from 'electron';

export interface TrayActions {
  readonly showWindow: () => void;
  readonly openLogsFolder: () => void;
  readonly quit: () => void;
}

export function attentionLabel(count: number): string {
  if (count === 0) return 'All companies are connected';
  return count === 1 ? '1 company needs attention' : `${count} companies need attention`;
}

export function trayMenuTemplate(attentionCount: number, actions: TrayActions): MenuItemConstructorOptions[] {
  return [
    { label: attentionLabel(attentionCount), enabled: false },
    { type: 'separator' },
    { label: 'Open Realmkeeper', click: () => actions.showWindow() },
    { label: 'Open logs folder', click: () => actions.openLogsFolder() },
    { type: 'separator' },
    { label: 'Quit Realmkeeper', click: () => actions.quit() },
  ];
}

/**
 * The tray keeps the app, and so the keep-alive refresh, running after the window closes. Its
 * menu says how many companies need attention; `update` is called when the companies change.
 */
export function createTray(
  makeTray: (icon: string) => Tray,
  MenuClass: Pick<typeof Menu, 'buildFromTemplate'>,
  input: { iconPath: string; actions: TrayActions; attentionCount: () => number },
): { tray: Tray; update: () => void } {
  const tray = makeTray(input.iconPath);
  const update = () => {
    const count = input.attentionCount();
    tray.setToolTip(`Realmkeeper: ${attentionLabel(count)}`);
    tray.setContextMenu(MenuClass.buildFromTemplate(trayMenuTemplate(count, input.actions)));
  };
  tray.on('click', () => input.actions.showWindow());
  update();
  return { tray, update };
}

/** The application menu: the logs folder is one click away for support. */
export function applicationMenuTemplate(actions: TrayActions, platform: NodeJS.Platform): MenuItemConstructorOptions[] {
  return [
    ...(platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open logs folder', click: () => actions.openLogsFolder() },
        { type: 'separator' },
        { label: 'Quit Realmkeeper', accelerator: 'CmdOrCtrl+Q', click: () => actions.quit() },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
}
