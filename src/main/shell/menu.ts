// The application menu: File › Open project…, Import…, Quit, plus the standard edit/view roles.
import { Menu, type MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  openProject: () => void;
  importFile: () => void;
  quit: () => void;
}

export function installMenu(actions: MenuActions): void {
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        { label: 'Open project…', accelerator: 'CmdOrCtrl+O', click: actions.openProject },
        { label: 'Import…', accelerator: 'CmdOrCtrl+I', click: actions.importFile },
        { type: 'separator' },
        { label: 'Quit', accelerator: 'CmdOrCtrl+Q', click: actions.quit },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
