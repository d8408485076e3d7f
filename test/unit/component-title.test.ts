import { describe, it, expect } from 'vitest';
import { componentTitle } from '../../src/core/resolve.js';
import type { ResolvedProvisioner } from '../../src/core/resolve.js';

function prov(def: Partial<ResolvedProvisioner['def']>, summary?: () => string): ResolvedProvisioner {
  return {
    def: { type: 'shell', config: {}, ...def },
    factory: { summary, create: () => ({ provision: async () => {} }) },
    index: 0,
  };
}

describe('step titles of provisioners and post-processors', () => {
  it('use the name the template gave', () => {
    expect(componentTitle(prov({ name: 'Install nginx' }, () => 'inline: 2 commands'))).toBe('Install nginx');
  });
  it("otherwise the type and the factory's summary", () => {
    expect(componentTitle(prov({}, () => 'inline: 2 commands'))).toBe('shell: inline: 2 commands');
  });
  it('fall back to the type when there is no summary, or it throws', () => {
    expect(componentTitle(prov({}))).toBe('shell');
    expect(
      componentTitle(
        prov({}, () => {
          throw new Error('bad config');
        }),
      ),
    ).toBe('shell');
  });
});
