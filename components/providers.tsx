"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { ThemeProvider, type Theme } from "@/components/ui/theme";
import { retryQuery } from "@/lib/prom/errors";

export interface ProvidersProps {
  theme: Theme;
  children: ReactNode;
}

export function Providers({ theme, children }: ProvidersProps) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: { staleTime: 10_000, refetchOnWindowFocus: false, retry: retryQuery },
        },
      }),
  );
  return (
    <QueryClientProvider client={client}>
      <ThemeProvider initial={theme}>{children}</ThemeProvider>
    </QueryClientProvider>
  );
}
