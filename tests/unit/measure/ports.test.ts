import { describe, it, expect } from 'vitest';
import { classifyOpenError, openError, openPort } from '../../../src-main/measure/ports';

describe('serial port open errors', () => {
  it('maps errno codes and serialport binding messages', () => {
    expect(classifyOpenError({ code: 'EACCES' })).toBe('permission');
    expect(classifyOpenError(new Error('Error: Permission denied, cannot open /dev/ttyUSB0'))).toBe('permission');
    expect(classifyOpenError({ code: 'EBUSY' })).toBe('busy');
    expect(classifyOpenError(new Error('Error Resource temporarily unavailable Cannot lock port'))).toBe('busy');
    expect(classifyOpenError({ code: 'ENOENT' })).toBe('missing');
    expect(classifyOpenError(new Error('Error: No such file or directory, cannot open /dev/ttyUSB9'))).toBe('missing');
    expect(classifyOpenError(new Error('something else'))).toBe('other');
  });

  it('permission denied names the path and the dialout group', () => {
    const e = openError('/dev/ttyUSB3', { code: 'EACCES', message: 'EACCES: permission denied' });
    expect(e.code).toBe('E_PORT');
    expect(e.message).toContain('/dev/ttyUSB3');
    expect(e.message).toMatch(/dialout/);
    expect(e.context.port).toBe('/dev/ttyUSB3');
  });

  it('busy and missing say so', () => {
    expect(openError('/dev/ttyUSB1', new Error('Cannot lock port')).message).toMatch(/ttyUSB1 is busy/);
    expect(openError('/dev/ttyUSB7', { code: 'ENOENT' }).message).toMatch(/ttyUSB7 does not exist/);
  });

  it('opening a missing path fails with the path named', async () => {
    await expect(openPort('/dev/does-not-exist-fw')).rejects.toThrow(/does-not-exist-fw does not exist/);
  });
});
