// Whether a terminal can take a live UI (the dashboard, the wizard, the task list): one that moves its cursor
// and tells its size. TERM=dumb (Emacs' shell, some IDE consoles) prints every cursor movement as junk, and a
// terminal of unknown size (0 rows, as script(1) run without one) makes Ink clear the screen at every frame.
export function canRedraw(stream: NodeJS.WriteStream = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.TERM === 'dumb') return false;
  return (stream.rows ?? 0) > 0 && (stream.columns ?? 0) > 0;
}
