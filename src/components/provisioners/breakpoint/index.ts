import type { ProvisionerFactory } from '../../../core/components.js';

export const provisioner: ProvisionerFactory = {
  summary: (config) => (typeof config.note === 'string' ? config.note : ''),
  create(config) {
    const note = typeof config.note === 'string' ? config.note : '';
    return {
      async provision(ctx) {
        if (config.disable === true) {
          ctx.ui.say(note ? `Breakpoint provisioner with note "${note}" disabled; continuing...` : 'Breakpoint provisioner disabled; continuing...');
          return;
        }
        ctx.ui.say(note ? `Pausing at breakpoint provisioner with note "${note}".` : 'Pausing at breakpoint provisioner.');
        try {
          await ctx.ui.ask('Press enter to continue.', [{ key: 'c', label: 'continue', role: 'continue' }]);
        } catch (err) {
          // The run was cancelled while it waited: the build stops here.
          if (ctx.signal.aborted) throw err;
          ctx.ui.say('No terminal to pause at; continuing.');
        }
      },
    };
  },
};
