/**
 * The business line the console works on: every contract, template, seal and webhook belongs to
 * one. Chosen in the header, remembered in localStorage, and the first line by default.
 */
import { useQuery } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { get } from './api';
import type { BusinessLine } from './types';

const KEY = 'hetong.console.line';

interface LineValue {
  lines: BusinessLine[];
  line: BusinessLine | null;
  choose(appId: string): void;
}

const LineContext = createContext<LineValue | null>(null);

export function LineProvider({ children }: { children: ReactNode }) {
  const lines = useQuery({
    queryKey: ['business-lines'],
    queryFn: () => get<{ items: BusinessLine[] }>('/admin/api/business-lines'),
  });
  const [appId, setAppId] = useState<string | null>(() => localStorage.getItem(KEY));
  const items = useMemo(() => lines.data?.items ?? [], [lines.data]);
  const line = items.find((l) => l.appId === appId) ?? items[0] ?? null;
  useEffect(() => {
    if (line && line.appId !== appId) setAppId(line.appId);
  }, [line, appId]);
  const value = useMemo(
    () => ({
      lines: items,
      line,
      choose: (id: string) => {
        localStorage.setItem(KEY, id);
        setAppId(id);
      },
    }),
    [items, line],
  );
  return <LineContext.Provider value={value}>{children}</LineContext.Provider>;
}

export function useLine(): LineValue {
  const v = useContext(LineContext);
  if (!v) throw new Error('useLine outside LineProvider');
  return v;
}

/** The current line's app id; pages under the shell render only once a line is chosen. */
export function useAppId(): string {
  const { line } = useLine();
  if (!line) throw new Error('no business line chosen');
  return line.appId;
}
