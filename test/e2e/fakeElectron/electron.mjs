/**
 * Just enough of Electron's main-process API to run out/main/index.js under plain Node (the real
 * binary cannot be downloaded here). Everything the app asks of Electron is recorded in
 * globalThis.__fakeElectron for drive.mjs to inspect and replay.
 */
const state = (globalThis.__fakeElectron ??= {
  appListeners: new Map(),
  handlers: new Map(),
  windows: [],
  dialogs: [],
  opened: [],
  openedPaths: [],
  printed: [],
  saveDialogs: [],
  session: {},
  sandboxed: false,
  exitCode: undefined,
});

export const app = {
  isPackaged: false,
  whenReady: () => Promise.resolve(),
  getPath(name) {
    if (name === 'userData') return process.env.FAKE_USER_DATA;
    if (name === 'documents') return process.env.FAKE_DOCUMENTS ?? '/nonexistent/Documents';
    throw new Error(`fake electron: no path ${name}`);
  },
  enableSandbox() {
    state.sandboxed = true;
  },
  requestSingleInstanceLock: () => true,
  on(event, listener) {
    if (!state.appListeners.has(event)) state.appListeners.set(event, []);
    state.appListeners.get(event).push(listener);
    return app;
  },
  emit(event, ...args) {
    for (const l of state.appListeners.get(event) ?? []) l(...args);
  },
  quit() {
    state.quit = true;
  },
  exit(code) {
    state.exitCode = code;
  },
};

class FakeWebContents {
  listeners = {};
  sent = [];
  windowOpenHandler = null;
  on(event, listener) {
    (this.listeners[event] ??= []).push(listener);
    return this;
  }
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
  }
  send(channel, payload) {
    this.sent.push({ channel, payload });
  }
  isDestroyed() {
    return false;
  }
  printToPDF(options) {
    state.printed.push(options);
    return Promise.resolve(Buffer.from('%PDF-1.7\n% rendered by the fake webContents\n'));
  }
}

export class BrowserWindow {
  static getAllWindows() {
    return [...state.windows];
  }
  static fromWebContents(wc) {
    return state.windows.find((w) => w.webContents === wc) ?? null;
  }
  constructor(options) {
    this.options = options;
    this.webContents = new FakeWebContents();
    this.loaded = null;
    state.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  once() {
    return this;
  }
  on() {
    return this;
  }
  loadFile(file) {
    this.loaded = { file };
    return Promise.resolve();
  }
  loadURL(url) {
    this.loaded = { url };
    return Promise.resolve();
  }
  isDestroyed() {
    return false;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  focus() {}
  show() {}
}

export const ipcMain = {
  handle(channel, handler) {
    if (state.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    state.handlers.set(channel, handler);
  },
  removeHandler(channel) {
    state.handlers.delete(channel);
  },
};

export const dialog = {
  showMessageBox(options) {
    state.dialogs.push(options);
    return Promise.resolve({ response: 0, checkboxChecked: false });
  },
  /** Answers with FAKE_SAVE_AS (or cancels when it is unset), recording what was offered. */
  showSaveDialog(ownerOrOptions, maybeOptions) {
    const options = maybeOptions ?? ownerOrOptions;
    state.saveDialogs.push({ ...options, hadOwner: maybeOptions !== undefined });
    const filePath = process.env.FAKE_SAVE_AS;
    return Promise.resolve(filePath ? { canceled: false, filePath } : { canceled: true });
  },
  showErrorBox(title, content) {
    state.dialogs.push({ title, message: content });
  },
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler: (h) => (state.session.permissionRequest = h),
    setPermissionCheckHandler: (h) => (state.session.permissionCheck = h),
    setDevicePermissionHandler: (h) => (state.session.devicePermission = h),
    webRequest: {
      onHeadersReceived: (h) => (state.session.onHeadersReceived = h),
      onBeforeRequest: (filter, h) => (state.session.onBeforeRequest = { filter, h }),
    },
  },
};

export const shell = {
  openExternal(url) {
    state.opened.push(url);
    return Promise.resolve();
  },
  openPath(p) {
    state.openedPaths.push(p);
    return Promise.resolve('');
  },
};

/** Like a Linux desktop without a keyring: secrets fall back to the key file. */
export const safeStorage = {
  isEncryptionAvailable: () => false,
  encryptString() {
    throw new Error('safeStorage is not available');
  },
  decryptString() {
    throw new Error('safeStorage is not available');
  },
};
