import * as core from '@actions/core';
import { ConfigurationError, OperationError } from './errors.js';
import { redactSecrets } from './secrets.js';

const POST_STATE = 'devsecops-post';

/**
 * The entry point of every action: main on the first run, post (when the
 * action declares one) on the runner's post run, told apart by saved state.
 * User mistakes and operational failures are one `::error::` line and exit 1;
 * anything else is a bug and keeps its stack in the log.
 */
export async function run(main: () => Promise<void>, post?: () => Promise<void>): Promise<void> {
  const isPost = core.getState(POST_STATE) === 'true';
  try {
    if (isPost) {
      await post?.();
    } else {
      if (post) core.saveState(POST_STATE, 'true');
      await main();
    }
  } catch (error) {
    reportFailure(error);
  }
}

export function reportFailure(error: unknown): void {
  if (error instanceof ConfigurationError || error instanceof OperationError) {
    core.setFailed(redactSecrets(error.message));
    return;
  }
  const err = error instanceof Error ? error : new Error(String(error));
  // A bug: keep the stack in the log so it can be reported and fixed.
  core.info(redactSecrets(err.stack ?? err.message));
  core.setFailed(redactSecrets(`unexpected error: ${err.message}`));
}
