import { Button, Result } from 'antd-mobile';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { download, type SessionView, type SignResult } from '../api';
import { resultUrl } from '../theme';

export interface Outcome {
  result: 'signed' | 'rejected';
  /** The contract's status after this signer (completed once the last party signed). */
  contractStatus: string;
  already?: boolean;
  /** The rejected contract and why. */
  contractId?: string;
  reason?: string;
  /** 组合签: the contracts refused on this page. */
  rejectedIds?: string[];
  /** What POST /sign answered, per contract. */
  results?: SignResult[];
}

/** The sentence for an error code of the session API, in the signer's language. */
export function errorText(t: TFunction, code: string): string {
  const key = `error.${code}`;
  return t(key, { defaultValue: t('error.other', { code }) });
}

/** A sentence for every error code the session API answers, never a blank page. */
export function ErrorPage({ code, onRetry }: { code: string; onRetry?: () => void }) {
  const { t } = useTranslation();
  const text = errorText(t, code);
  return (
    <main className="center-page" data-error-code={code}>
      <Result
        status={code === 'NOT_YOUR_TURN' ? 'waiting' : 'warning'}
        title={t(code === 'NOT_YOUR_TURN' ? 'error.titleWaiting' : 'error.title')}
        description={text}
      />
      {onRetry && (
        <Button color="primary" onClick={onRetry}>
          {t('action.retry')}
        </Button>
      )}
    </main>
  );
}

export function DonePage({ view, outcome }: { view: SessionView; outcome: Outcome }) {
  const { t } = useTranslation();
  const contract = view.contracts[0]!;
  const ids = view.contracts.map((c) => c.id);
  const back = view.redirectUrl ?? view.scene.redirectUrl;
  const target = back && !outcome.already ? resultUrl(back, outcome.result, ids) : null;
  const [seconds, setSeconds] = useState(view.scene.redirectDelaySeconds ?? 3);

  useEffect(() => {
    if (!target) return;
    if (seconds <= 0) {
      location.assign(target);
      return;
    }
    const timer = setTimeout(() => setSeconds((s) => s - 1), 1000);
    return () => clearTimeout(timer);
  }, [target, seconds]);

  const signed = outcome.result === 'signed';
  const completed = outcome.contractStatus === 'completed';
  const combined = view.contracts.length > 1;
  return (
    <main className="center-page" data-result={outcome.result}>
      <Result
        status={signed ? 'success' : 'info'}
        title={signed ? t('done.signed') : t('done.rejected')}
        description={
          <>
            {combined ? (
              <p>
                {t('done.combinedText', {
                  count: view.contracts.filter(
                    (c) =>
                      outcome.results?.some((r) => r.contractId === c.id && r.status === 'signed') ??
                      c.signer.status === 'signed',
                  ).length,
                })}
                {outcome.rejectedIds?.length
                  ? t('done.combinedRejected', { count: outcome.rejectedIds.length })
                  : ''}
              </p>
            ) : (
              <p>{t(signed ? 'done.signedText' : 'done.rejectedText', { title: contract.title })}</p>
            )}
            {signed && !combined && <p>{completed ? t('done.completed') : t('done.pending')}</p>}
            {signed && view.scene.successText && <p>{view.scene.successText}</p>}
          </>
        }
      />
      {combined && <DoneList view={view} outcome={outcome} />}
      {target ? (
        <div className="done-actions">
          <p aria-live="polite">{t('done.redirect', { seconds: Math.max(0, seconds) })}</p>
          <Button color="primary" onClick={() => location.assign(target)}>
            {t('done.back')}
          </Button>
        </div>
      ) : (
        signed &&
        completed &&
        !combined && (
          <div className="done-actions">
            {contract.documents.map((d) => (
              <Button
                key={d.id}
                color="primary"
                fill="outline"
                onClick={() => void download(d.download, `${contract.title}.pdf`)}
              >
                {t('action.download')}
              </Button>
            ))}
          </div>
        )
      )}
    </main>
  );
}

/** 组合签: every contract of the link, whether it is signed and in force, its downloads. */
function DoneList({ view, outcome }: { view: SessionView; outcome: Outcome }) {
  const { t } = useTranslation();
  return (
    <ul className="done-list">
      {view.contracts.map((c) => {
        const r = outcome.results?.find((x) => x.contractId === c.id);
        const signed = r ? r.status === 'signed' : c.signer.status === 'signed';
        const status = outcome.rejectedIds?.includes(c.id) ? 'rejected' : c.status;
        const completed = (r?.contractStatus ?? c.status) === 'completed';
        return (
          <li key={c.id} data-contract={c.id} data-signed={signed}>
            <span className="contract-title">{c.title}</span>
            <span className={`contract-state state-${signed ? 'done' : 'muted'}`}>
              {signed
                ? completed
                  ? t('combined.completed')
                  : t('combined.signedPending')
                : t(`combined.status.${status}`)}
            </span>
            {completed &&
              c.documents.map((d) => (
                <Button
                  key={d.id}
                  size="small"
                  color="primary"
                  fill="none"
                  onClick={() => void download(d.download, `${c.title}.pdf`)}
                >
                  {t('action.download')}
                </Button>
              ))}
          </li>
        );
      })}
    </ul>
  );
}
