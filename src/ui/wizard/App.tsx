// The wizard's Ink root: one input handler for the whole app (keys go to the controller in order, even when
// several arrive in one tick), a re-render on every change, and exit once there is a result.
import { useEffect, useReducer } from 'react';
import { Box, useApp, useInput, useStdin, useStdout } from 'ink';
import { toKeyEvents } from '../components/keys.js';
import { handleKey } from './controller.js';
import type { WizardState } from './state.js';
import { ScreenView } from './views.js';

export function App({ state, onFirstFrame }: { state: WizardState; onFirstFrame?: () => void }) {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const { exit } = useApp();
  const { isRawModeSupported } = useStdin();
  const { stdout } = useStdout();
  useEffect(() => state.subscribe(rerender), [state]);
  // Screens size their lists from the terminal: a resize must re-render them, not only re-lay out the old frame.
  useEffect(() => {
    if (!stdout) return;
    stdout.on('resize', rerender);
    return () => {
      stdout.off('resize', rerender);
    };
  }, [stdout]);
  useEffect(() => {
    onFirstFrame?.();
  }, []);
  useEffect(() => {
    if (state.result) exit();
  });
  useInput(
    (input, key) => {
      for (const e of toKeyEvents(input, key)) handleKey(state, e);
      state.changed();
    },
    { isActive: isRawModeSupported === true },
  );
  return (
    <Box flexDirection="column">
      <ScreenView state={state} height={stdout?.rows ?? 40} width={stdout?.columns ?? 80} />
    </Box>
  );
}
