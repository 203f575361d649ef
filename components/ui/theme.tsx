"use client";

import { createContext, useCallback, useContext, useState, type ReactNode } from "react";

/** Light and dark: kept in a cookie so the server renders the right one (no flash). */
export type Theme = "dark" | "light";
export const THEME_COOKIE = "theme";

const ThemeContext = createContext<{ theme: Theme; setTheme: (t: Theme) => void }>({ theme: "dark", setTheme: () => {} });

export function ThemeProvider({ initial, children }: { initial: Theme; children: ReactNode }) {
  const [theme, set] = useState<Theme>(initial);
  const setTheme = useCallback((t: Theme) => {
    set(t);
    document.documentElement.dataset.theme = t;
    document.cookie = `${THEME_COOKIE}=${t}; path=/; max-age=31536000; samesite=lax`;
  }, []);
  return <ThemeContext.Provider value={{ theme, setTheme }}>{children}</ThemeContext.Provider>;
}

export function useTheme(): Theme {
  return useContext(ThemeContext).theme;
}

export function ThemeToggle() {
  const { theme, setTheme } = useContext(ThemeContext);
  const next = theme === "dark" ? "light" : "dark";
  return (
    <button type="button" className="btn" onClick={() => setTheme(next)} aria-label={`Switch to ${next} theme`} title={`Switch to ${next} theme`}>
      {theme === "dark" ? "☀" : "☾"}
    </button>
  );
}
