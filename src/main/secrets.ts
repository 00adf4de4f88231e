/**
 * Secrets in the desktop app are sealed by Electron's safeStorage (the OS keychain: DPAPI on
 * Windows, Keychain on macOS, libsecret on Linux). Where the OS offers none (a Linux desktop
 * without a keyring), the browser-mode key file is used instead, and the settings screen says so.
 * Secrets sealed either way open either way, so switching modes loses nothing.
 */
import { safeStorage } from 'electron';
import { fileKeySecretBox, SecretError, type SecretBox } from '../core/secrets/secretBox';

const PREFIX = 'os1:';

export function desktopSecretBox(fallbackKeyFile: string): SecretBox {
  const file = fileKeySecretBox(fallbackKeyFile);
  const osAvailable = safeStorage.isEncryptionAvailable();
  return {
    describe: osAvailable ? 'the operating system keychain' : file.describe,
    seal: (plain) =>
      osAvailable
        ? `${PREFIX}${safeStorage.encryptString(plain).toString('base64')}`
        : file.seal(plain),
    open: (sealed) => {
      if (!sealed.startsWith(PREFIX)) return file.open(sealed);
      if (!osAvailable)
        throw new SecretError(
          'This secret was sealed by the OS keychain, which is not available now; enter it again.',
        );
      return safeStorage.decryptString(Buffer.from(sealed.slice(PREFIX.length), 'base64'));
    },
  };
}
