import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseDataDir } from './dataDir';

const userData = path.resolve('/home/desk/.config/ClinicDesk');

describe('the desktop data folder', () => {
  it('is userData when nothing else is given', () => {
    expect(chooseDataDir({ argv: ['electron', '.'], env: {}, userData })).toBe(userData);
  });

  it('prefers --data DIR and --data=DIR to CLINICDESK_DATA', () => {
    const env = { CLINICDESK_DATA: '/srv/env' };
    expect(chooseDataDir({ argv: ['clinicdesk', '--data', '/srv/a'], env, userData })).toBe(
      path.resolve('/srv/a'),
    );
    expect(chooseDataDir({ argv: ['clinicdesk', '--data=/srv/b'], env, userData })).toBe(
      path.resolve('/srv/b'),
    );
    expect(chooseDataDir({ argv: ['clinicdesk'], env, userData })).toBe(path.resolve('/srv/env'));
  });

  it('refuses --data without a folder', () => {
    expect(() => chooseDataDir({ argv: ['clinicdesk', '--data'], env: {}, userData })).toThrow(
      '--data needs a folder',
    );
    expect(() =>
      chooseDataDir({ argv: ['clinicdesk', '--data', '--inspect'], env: {}, userData }),
    ).toThrow('--data needs a folder');
  });
});
