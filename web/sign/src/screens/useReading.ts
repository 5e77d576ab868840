import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type ContractView } from '../api';

export interface Reading {
  /** The server agrees the signer has read enough. */
  done: boolean;
  secondsLeft: number;
  pagesLeft: number;
  current: number;
  total: number;
  onPage: (current: number, furthest: number) => void;
}

/**
 * Forced reading as the page sees it: a local countdown from the server's `secondsLeft`, the
 * furthest page seen reported with POST /reading (one call in flight, the newest page next), and
 * `done` only once the server says so.
 */
export function useReading(contract: ContractView): Reading {
  const rule = contract.signer.reading;
  const total = contract.documents.reduce((n, d) => n + d.pages, 0);
  const [secondsLeft, setSecondsLeft] = useState(rule.secondsLeft);
  const [furthest, setFurthest] = useState(rule.lastPageSeen);
  const [current, setCurrent] = useState(1);
  const [done, setDone] = useState(rule.done || contract.signer.status === 'read');
  const reported = useRef(rule.lastPageSeen);
  const inFlight = useRef(false);
  const pagesLeft = rule.toLastPage ? Math.max(0, total - furthest) : 0;

  useEffect(() => {
    if (secondsLeft <= 0) return;
    const timer = setTimeout(() => setSecondsLeft((s) => s - 1), 1000);
    return () => clearTimeout(timer);
  }, [secondsLeft]);

  // What the server should hear next: the furthest page, and whether to ask again although the
  // page is not new (the countdown ended here: the server's clock decides).
  const want = useRef({ page: rule.lastPageSeen, force: false });
  const pump = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    try {
      while (want.current.page > reported.current || want.current.force) {
        const { page, force } = want.current;
        want.current = { page, force: false };
        const p = await api.reading(contract.id, Math.max(1, page));
        reported.current = Math.max(reported.current, page);
        if (p.done) {
          setDone(true);
          return;
        }
        if (force && p.secondsLeft > 0) setSecondsLeft(p.secondsLeft);
      }
    } catch {
      // The next page seen or the end of the countdown reports again.
    } finally {
      inFlight.current = false;
    }
  }, [contract.id]);

  const localDone = secondsLeft <= 0 && pagesLeft === 0;
  useEffect(() => {
    if (done) return;
    want.current = { page: Math.max(want.current.page, furthest), force: want.current.force || localDone };
    void pump();
  }, [done, furthest, localDone, pump]);

  const onPage = useCallback((now: number, far: number) => {
    setCurrent(now);
    setFurthest((f) => Math.max(f, far));
  }, []);

  return { done, secondsLeft: Math.max(0, secondsLeft), pagesLeft, current, total, onPage };
}
