import { useEffect, useState } from 'react';

/** The current time, updated every `intervalMs`: drives the live "expires in" countdowns. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** "in 4 min", "3 s ago", "in 2 days": how far a moment is from now, in words. */
export function relativeTime(target: number, now: number): string {
  const seconds = Math.round((target - now) / 1000);
  const magnitude = Math.abs(seconds);
  const text =
    magnitude < 60
      ? `${magnitude} s`
      : magnitude < 3600
        ? `${Math.floor(magnitude / 60)} min${magnitude < 600 ? ` ${magnitude % 60} s` : ''}`
        : magnitude < 86400
          ? `${Math.floor(magnitude / 3600)} h ${Math.floor((magnitude % 3600) / 60)} min`
          : `${Math.floor(magnitude / 86400)} days`;
  return seconds >= 0 ? `in ${text}` : `${text} ago`;
}
