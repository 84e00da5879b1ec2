import { describe, expect, it } from '@jest/globals';
import { ConfigurationError, invalidInput, OperationError } from '../../../lib/runtime/errors.js';

describe('errors', () => {
  it('invalidInput names the input, what is allowed and the value', () => {
    const error = invalidInput('fail-on', 'hihg', 'one of critical, high, medium, low, none');
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toBe("input 'fail-on' must be one of critical, high, medium, low, none; got 'hihg'");
  });

  it('keeps a refused value on one line', () => {
    expect(invalidInput('x', 'a\nb\r\nc', 'y').message).toBe("input 'x' must be y; got 'a\\nb\\nc'");
  });

  it('shortens a long value to 200 characters and an ellipsis', () => {
    const message = invalidInput('x', 'v'.repeat(500), 'y').message;
    expect(message).toBe(`input 'x' must be y; got '${'v'.repeat(200)}…'`);
    expect(invalidInput('x', 'v'.repeat(200), 'y').message).toBe(`input 'x' must be y; got '${'v'.repeat(200)}'`);
  });

  it('gives each class its name and keeps them apart', () => {
    const config = new ConfigurationError('c');
    const operation = new OperationError('o');
    expect(config.name).toBe('ConfigurationError');
    expect(operation.name).toBe('OperationError');
    expect(config).toBeInstanceOf(Error);
    expect(config).not.toBeInstanceOf(OperationError);
    expect(operation).not.toBeInstanceOf(ConfigurationError);
    expect(String(config)).toBe('ConfigurationError: c');
  });
});
