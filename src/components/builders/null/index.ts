import type { BuilderFactory } from '../../../core/components.js';

export const builder: BuilderFactory = {
  create() {
    return {
      steps: (common) => [common.connect(), common.provision()],
      artifact: () => ({
        builderId: 'fnoeding.null',
        id: 'Null',
        files: [],
        string: () => 'Did not export anything. This is the null builder',
        destroy: async () => {},
      }),
    };
  },
};
