import { useEffect, useState } from 'react'

/** Whole seconds left until `until` (ms since epoch), ticking once a second; 0 when past or null. */
export function useCountdown(until: number | null): number {
  const left = () => (until === null ? 0 : Math.max(0, Math.ceil((until - Date.now()) / 1000)))
  const [seconds, setSeconds] = useState(left)
  useEffect(() => {
    setSeconds(left())
    if (until === null) return
    const timer = setInterval(() => {
      const s = left()
      setSeconds(s)
      if (s === 0) clearInterval(timer)
    }, 1000)
    return () => clearInterval(timer)
    // left() reads only `until`.
  }, [until])
  return seconds
}

/** 754 → "12:34"; 3600 → "60:00". */
export function formatSeconds(total: number): string {
  const m = Math.floor(total / 60)
  const s = total % 60
  return `${m}:${String(s).padStart(2, '0')}`
}
