import { Button } from 'antd-mobile';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, type IntentMethod } from '../api';

/** A sentence for an intent error, in the signer's language. */
function intentError(t: (k: string, o?: Record<string, unknown>) => string, e: unknown): string {
  if (!(e instanceof ApiError)) return t('error.NETWORK');
  const ms = Number(e.details.retryAfterMs ?? 0);
  switch (e.code) {
    case 'INTENT_CODE_INVALID':
      return t('intent.invalid', { tries: e.details.triesLeft ?? 0 });
    case 'INTENT_LOCKED':
      return t('intent.locked', { minutes: Math.max(1, Math.ceil(ms / 60_000)) });
    case 'INTENT_CODE_EXPIRED':
      return t('intent.expired');
    case 'INTENT_RESEND_TOO_SOON':
      return t('intent.tooSoon', { seconds: Math.max(1, Math.ceil(ms / 1000)) });
    case 'INTENT_DAILY_LIMIT':
      return t('intent.dailyLimit');
    case 'NETWORK':
      return t('error.NETWORK');
    default:
      return t('error.other', { code: e.code });
  }
}

/** 意愿验证: send a code by SMS or e-mail, a resend countdown, six digits, tries left or locked. */
export function IntentCheck({
  methods,
  contact,
  onVerified,
}: {
  methods: IntentMethod[];
  contact: { mobile: string | null; email: string | null };
  onVerified: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [method, setMethod] = useState<IntentMethod>(methods[0] ?? 'sms');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [resendIn, setResendIn] = useState(0);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [locked, setLocked] = useState(false);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  // The field is enabled by the render after a code is sent (and the send button, just pressed, is
  // disabled by it): focus moves there once it has rendered.
  const [focusCode, setFocusCode] = useState(0);
  useEffect(() => {
    if (focusCode > 0) input.current?.focus();
  }, [focusCode]);

  useEffect(() => {
    if (resendIn <= 0) return;
    const timer = setTimeout(() => setResendIn((s) => s - 1), 1000);
    return () => clearTimeout(timer);
  }, [resendIn]);

  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.sendCode(method);
      setSentTo(r.sentTo);
      // The server's clock may differ from the phone's: trust it only within a minute.
      const wait = Math.round((r.resendAt - Date.now()) / 1000);
      setResendIn(wait > 0 && wait <= 60 ? wait : 60);
      setFocusCode((n) => n + 1);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'INTENT_RESEND_TOO_SOON')
        setResendIn(Math.ceil(Number(e.details.retryAfterMs ?? 60_000) / 1000));
      if (e instanceof ApiError && e.code === 'INTENT_LOCKED') setLocked(true);
      setError(intentError(t, e));
    } finally {
      setBusy(false);
    }
  };

  const verify = async (value: string) => {
    setBusy(true);
    setError(null);
    try {
      await api.verifyCode(value);
      onVerified();
    } catch (e) {
      setCode('');
      if (e instanceof ApiError && e.code === 'INTENT_LOCKED') setLocked(true);
      setError(intentError(t, e));
      input.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const onInput = (raw: string) => {
    const digits = raw.replace(/\D/g, '').slice(0, 6);
    setCode(digits);
    if (digits.length === 6 && !busy) void verify(digits);
  };

  return (
    <section className="step" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('intent.title')}</h2>
      {methods.length > 1 && (
        <div className="methods" role="radiogroup" aria-label={t('intent.title')}>
          {methods.map((m) => (
            <button
              key={m}
              type="button"
              role="radio"
              aria-checked={m === method}
              className={m === method ? 'method method-on' : 'method'}
              disabled={sentTo !== null && resendIn > 0}
              onClick={() => setMethod(m)}
            >
              {t(`intent.${m}`)}
            </button>
          ))}
        </div>
      )}
      <p className="muted">
        {sentTo
          ? t('intent.sentTo', { to: sentTo })
          : `${t(`intent.${method}`)}${method === 'sms' ? (contact.mobile ? ` · ${contact.mobile}` : '') : contact.email ? ` · ${contact.email}` : ''}`}
      </p>
      <div className="code-row">
        <input
          ref={input}
          id={`${id}-code`}
          className="code-input"
          aria-label={t('intent.hint')}
          placeholder={t('intent.hint')}
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]*"
          maxLength={6}
          value={code}
          disabled={locked || !sentTo}
          onChange={(e) => onInput(e.target.value)}
        />
        <Button
          color="primary"
          fill="outline"
          disabled={busy || locked || resendIn > 0}
          onClick={() => void send()}
        >
          {resendIn > 0
            ? t('intent.resendIn', { seconds: resendIn })
            : sentTo
              ? t('intent.resend')
              : t('intent.send')}
        </Button>
      </div>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
