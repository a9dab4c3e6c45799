import { useCallback, useLayoutEffect, useState, type RefObject, type UIEvent } from 'react';

/** Rows drawn beyond each edge of the scroll box, so a fast scroll or a Tab does not land on a blank. */
const overscanRows = 10;
/** Until a row is measured (and where nothing is laid out, as in tests): the CSS height of a row. */
export const assumedRowHeightPx = 36;
/** Until the box is measured: enough rows for a tall window. */
const assumedViewportPx = 900;

export interface RowWindow {
  /** The first row drawn, and one past the last. */
  readonly start: number;
  readonly end: number;
  /** Heights standing in for the rows above and below the window, so the scroll bar is the whole list's. */
  readonly spaceBefore: number;
  readonly spaceAfter: number;
  readonly onScroll: (event: UIEvent<HTMLElement>) => void;
}

/** Which rows fit the box scrolled to `scrollTop`, with the overscan: pure, so a test can pin it. */
export function rowRange(count: number, scrollTop: number, viewportPx: number, rowHeightPx: number): { start: number; end: number } {
  const visible = Math.ceil(viewportPx / rowHeightPx) + 1;
  const firstVisible = Math.min(Math.max(0, Math.floor(scrollTop / rowHeightPx)), Math.max(0, count - visible));
  return { start: Math.max(0, firstVisible - overscanRows), end: Math.min(count, firstVisible + visible + overscanRows) };
}

/**
 * Fixed-height windowing for a long list in its own scroll box: only the rows in view (and a
 * few either side) are in the page, whatever the list's length. `count` 0 turns it off. The row
 * height is measured from a drawn row (`[data-row-window]`), so a larger font keeps it right.
 */
export function useRowWindow(box: RefObject<HTMLElement | null>, count: number): RowWindow {
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportPx, setViewportPx] = useState(assumedViewportPx);
  const [rowHeightPx, setRowHeightPx] = useState(assumedRowHeightPx);

  const measure = useCallback(() => {
    const element = box.current;
    if (element === null) return;
    if (element.clientHeight > 0) setViewportPx(element.clientHeight);
    const row = element.querySelector('[data-row-window]');
    const height = row?.getBoundingClientRect().height ?? 0;
    if (height > 0) setRowHeightPx(height);
  }, [box]);

  useLayoutEffect(() => {
    if (count === 0) return undefined;
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [count, measure]);

  const onScroll = useCallback((event: UIEvent<HTMLElement>) => setScrollTop(event.currentTarget.scrollTop), []);
  const { start, end } = count === 0 ? { start: 0, end: 0 } : rowRange(count, scrollTop, viewportPx, rowHeightPx);
  return { start, end, spaceBefore: start * rowHeightPx, spaceAfter: Math.max(0, count - end) * rowHeightPx, onScroll };
}
