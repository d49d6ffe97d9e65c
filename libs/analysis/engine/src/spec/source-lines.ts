export interface SourcePosition {
  line: number;
  column: number;
}

/**
 * Turns a character offset into a 1-based line and column. The table of line starts is built on
 * the first call: most documents are audited without a single position being asked for.
 */
export function createLineIndex(text: string): (offset: number) => SourcePosition {
  let starts: number[] | undefined;
  return (offset) => {
    starts ??= lineStarts(text);
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - starts[low]! + 1 };
  };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}
