// The wizard's Ink root: one input handler for the whole app (keys go to the controller in order, even when
// several arrive in one tick), a re-render on every change, and exit once there is a result.
import { useEffect, useReducer, useRef } from 'react';
import { Box, useApp, useInput, useStdin, useStdout, type DOMElement } from 'ink';
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
  // The frame never gets as tall as the terminal: Ink would then clear the whole screen (scrollback too, on most
  // terminals) at every redraw and leave its last frame without a newline. Ink has no max-height prop, so the cap is
  // set on the root's layout node; before Ink's own resize handler redraws, so that no frame is drawn uncapped.
  const root = useRef<DOMElement>(null);
  const cap = () => root.current?.yogaNode?.setMaxHeight(Math.max(1, (stdout?.rows || 40) - 1));
  useEffect(() => {
    cap();
    if (!stdout) return;
    const onResize = () => {
      cap();
      rerender();
    };
    stdout.prependListener('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
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
    <Box ref={(el) => { root.current = el; cap(); }} flexDirection="column" overflow="hidden">
      <ScreenView state={state} height={stdout?.rows ?? 40} width={stdout?.columns ?? 80} />
    </Box>
  );
}
