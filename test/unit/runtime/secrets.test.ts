import { afterEach, describe, expect, it } from '@jest/globals';
import { clearRegisteredSecrets, containsSecret, redactSecrets, registerSecret } from '../../../lib/runtime/secrets.js';
import { captureOutput } from '../../harness/capture.js';
import { parseWorkflowCommands } from '../../harness/file-commands.js';

afterEach(() => clearRegisteredSecrets());

describe('secrets', () => {
  it('registers a secret with the runner (add-mask) and its base64 form', async () => {
    const secret = 'eyJhbGciOi.secret-token-value';
    const { stdout } = await captureOutput(() => registerSecret(secret));
    const base64 = Buffer.from(secret).toString('base64');
    expect(parseWorkflowCommands(stdout).masked).toEqual([secret, base64]);
    expect(redactSecrets(`token=${secret} basic=${base64}`)).toBe('token=*** basic=***');
  });

  it('does not register a base64 form of a short secret', async () => {
    const { stdout } = await captureOutput(() => registerSecret('short'));
    expect(parseWorkflowCommands(stdout).masked).toEqual(['short']);
    expect(redactSecrets(Buffer.from('short').toString('base64'))).toBe(Buffer.from('short').toString('base64'));
  });

  it('ignores empty and undefined values', async () => {
    const { stdout } = await captureOutput(() => {
      registerSecret('');
      registerSecret(undefined);
    });
    expect(stdout).toBe('');
    expect(redactSecrets('nothing to hide')).toBe('nothing to hide');
  });

  it('redacts every occurrence and detects containment', async () => {
    await captureOutput(() => registerSecret('p@ss.w0rd*(x)'));
    expect(redactSecrets('p@ss.w0rd*(x) and again p@ss.w0rd*(x)!')).toBe('*** and again ***!');
    expect(containsSecret('--password=p@ss.w0rd*(x)')).toBe(true);
    expect(containsSecret('--password=p@ss.w0rd')).toBe(false);
  });

  it('forgets secrets when cleared', async () => {
    await captureOutput(() => registerSecret('forget-me-please'));
    clearRegisteredSecrets();
    expect(containsSecret('forget-me-please')).toBe(false);
    expect(redactSecrets('forget-me-please')).toBe('forget-me-please');
  });
});
