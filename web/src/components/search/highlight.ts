/**
 * Where a text contains the words of a query, for <Highlight>: case-insensitive, each
 * whitespace-separated part of the query (so "年终奖" is marked in "今年的年终奖取消了", and "ali" in
 * "Alice"). The server's matching is finer (bigrams, misspellings); this only marks what is literally there.
 */
export function highlightRanges(text: string, q: string): [number, number][] {
  const lower = text.toLowerCase()
  const parts = [...new Set(q.toLowerCase().split(/\s+/).filter((p) => p.length > 0))].slice(0, 16)
  const ranges: [number, number][] = []
  for (const p of parts) {
    for (let i = lower.indexOf(p); i !== -1; i = lower.indexOf(p, i + p.length)) ranges.push([i, i + p.length])
  }
  ranges.sort((a, b) => a[0] - b[0])
  const merged: [number, number][] = []
  for (const r of ranges) {
    const last = merged.at(-1)
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1])
    else merged.push([r[0], r[1]])
  }
  // toLowerCase keeps lengths for the scripts that matter here; a text where it did not is shown unmarked.
  return lower.length === text.length ? merged : []
}
