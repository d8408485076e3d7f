import type { CommunicatorFactory } from '../../../core/components.js';

// The core treats "none" as no connection at all; this exists so the type is implemented
// and a builder that asks for it by hand gets a clear error.
export const communicator: CommunicatorFactory = {
  connect() {
    return Promise.reject(new Error('the "none" communicator has no connection to open'));
  },
};
