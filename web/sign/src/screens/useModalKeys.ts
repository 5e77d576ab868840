import { useEffect, useRef } from 'react';

const FOCUSABLE =
  'button:not([disabled]), input:not([disabled]), textarea:not([disabled]), select:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])';

const shown = (el: Element) => (el as HTMLElement).getClientRects().length > 0;

/**
 * Keyboard for a dialog or sheet of antd-mobile (which has none of its own): while `open`, focus
 * moves into it (the first field, else its first button), Tab and Shift+Tab stay inside it, and
 * Escape calls `onEscape`; when it closes, focus goes back where it was (WAI-ARIA APG, dialog
 * (modal) pattern). `selector` finds the dialog's element; the newest one shown is taken.
 */
export function useModalKeys(open: boolean, onEscape: () => void, selector = '[role="dialog"]') {
  const onEscapeRef = useRef(onEscape);
  onEscapeRef.current = onEscape;

  useEffect(() => {
    if (!open) return;
    const before = document.activeElement as HTMLElement | null;
    const box = () => [...document.querySelectorAll<HTMLElement>(selector)].filter(shown).at(-1) ?? null;
    const focusables = () => [...(box()?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])].filter(shown);
    // The dialog is mounted (and animates in) after this render.
    const timer = setTimeout(() => {
      const all = focusables();
      (all.find((el) => el.matches('input, textarea')) ?? all[0])?.focus();
    }, 50);
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        onEscapeRef.current();
        return;
      }
      if (e.key !== 'Tab') return;
      const all = focusables();
      if (all.length === 0) return;
      const i = all.indexOf(document.activeElement as HTMLElement);
      const next = e.shiftKey
        ? i <= 0
          ? all.length - 1
          : i - 1
        : i === -1 || i === all.length - 1
          ? 0
          : i + 1;
      e.preventDefault();
      all[next]!.focus();
    };
    document.addEventListener('keydown', onKey, true);
    return () => {
      clearTimeout(timer);
      document.removeEventListener('keydown', onKey, true);
      if (before?.isConnected) before.focus();
    };
  }, [open, selector]);
}
