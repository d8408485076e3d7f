// Which rows of a long list fit on the screen: a window that keeps the cursor in view.
export function visibleWindow(count: number, cursor: number, room: number): { start: number; end: number } {
  if (count <= room) return { start: 0, end: count };
  const size = Math.max(1, room - 2); // two lines for the "more above/below" marks
  const start = Math.min(Math.max(0, cursor - Math.floor(size / 2)), count - size);
  return { start, end: start + size };
}
