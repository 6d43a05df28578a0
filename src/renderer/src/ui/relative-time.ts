/** "in 4 min", "3 s ago", "in 2 days": how far a moment is from now, in words. Pure, so Node tests run it too. */
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
  // By the moment, not the rounded seconds: 0.4 s past the expiry is "0 s ago", never "in 0 s" beside "Expired".
  return target > now ? `in ${text}` : `${text} ago`;
}
