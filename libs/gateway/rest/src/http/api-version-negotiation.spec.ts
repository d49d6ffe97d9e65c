import { requestedMajorVersion } from './api-version-negotiation.js';

describe(requestedMajorVersion.name, () => {
  it('reads the major version of the usual spellings', () => {
    expect(['1', 'v1', 'V1', '1.0', '1.x', ' 01 '].map(requestedMajorVersion)).toEqual(['1', '1', '1', '1', '1', '1']);
    expect(requestedMajorVersion('2')).toBe('2');
  });

  it('names no version for anything else', () => {
    expect(['', 'latest', '1.2.3', 'v', '1;drop', '99999'].map(requestedMajorVersion)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});
