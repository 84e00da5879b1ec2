import { test, expect } from '@jest/globals';
test('probe', async () => {
  const m = await import('@actions/workflow-parser');
  expect(Object.keys(m).length).toBeGreaterThan(0);
});
