import * as core from '@actions/core';

/**
 * Every secret the action handles is registered here before use: the runner
 * masks it in the log, and our own writers (exec echo, errors, summaries)
 * redact it too, so it cannot leak through a path the runner does not see.
 */
const registered = new Set<string>();

export function registerSecret(value: string | undefined): void {
  if (!value) return;
  core.setSecret(value);
  registered.add(value);
  // A token may also show up base64-encoded (basic auth, docker config.json).
  if (value.length >= 8) {
    const encoded = Buffer.from(value).toString('base64');
    core.setSecret(encoded);
    registered.add(encoded);
  }
}

export function redactSecrets(text: string): string {
  let out = text;
  for (const secret of registered) {
    if (out.includes(secret)) out = out.split(secret).join('***');
  }
  return out;
}

export function containsSecret(text: string): boolean {
  for (const secret of registered) if (text.includes(secret)) return true;
  return false;
}

/** For tests: forget what was registered. */
export function clearRegisteredSecrets(): void {
  registered.clear();
}
