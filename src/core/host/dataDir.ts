import os from 'node:os';
import path from 'node:path';

/**
 * The data folder: --data DIR, else CLINICDESK_DATA, else the folder Electron would use as
 * userData for "ClinicDesk", so that browser mode and the desktop app share one database.
 */
export function resolveDataDir(
  argValue: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  if (argValue) return path.resolve(argValue);
  if (env.CLINICDESK_DATA) return path.resolve(env.CLINICDESK_DATA);
  const home = os.homedir();
  if (process.platform === 'win32')
    return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'ClinicDesk');
  if (process.platform === 'darwin')
    return path.join(home, 'Library', 'Application Support', 'ClinicDesk');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'ClinicDesk');
}
