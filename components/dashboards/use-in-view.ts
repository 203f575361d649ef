"use client";

import { useEffect, useState, type RefObject } from "react";

/** True once the element has come near the viewport (and stays true): panels below the fold are not queried before. */
export function useSeenInViewport(ref: RefObject<HTMLElement | null>, marginPx = 200): boolean {
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el || seen) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setSeen(true);
    }, { rootMargin: `${marginPx}px` });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, seen, marginPx]);
  return seen;
}
