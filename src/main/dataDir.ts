import path from 'node:path';

/**
 * The data folder of the desktop app: `--data DIR` (or `--data=DIR`) on the command line, else
 * CLINICDESK_DATA, else Electron's userData folder — which, with productName "ClinicDesk", is the
 * same folder browser mode uses by default (src/core/host/dataDir.ts), so both see one database.
 */
export function chooseDataDir(options: {
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  userData: string;
}): string {
  const { argv, env } = options;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--data=') && arg.length > '--data='.length)
      return path.resolve(arg.slice('--data='.length));
    if (arg === '--data') {
      const value = argv[i + 1];
      if (!value || value.startsWith('--'))
        throw new Error('--data needs a folder, e.g. --data "D:\\ClinicDesk data"');
      return path.resolve(value);
    }
  }
  if (env.CLINICDESK_DATA) return path.resolve(env.CLINICDESK_DATA);
  return options.userData;
}
