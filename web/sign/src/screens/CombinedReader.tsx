import { Button, Dialog, TextArea, Toast } from 'antd-mobile';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, type ContractView, type SessionView } from '../api';
import { placedFields, signable } from '../fields';
import type { Layout } from '../theme';
import { ContractPages } from './ContractPages';
import { FieldList } from './FieldList';
import { errorText } from './ResultPages';
import { useModalKeys } from './useModalKeys';
import { useReading } from './useReading';

const FATAL = new Set(['LINK_REVOKED', 'SESSION_EXPIRED', 'SESSION_REQUIRED']);

/**
 * One contract of a combined link opened to be read: its pages and fields, the reading rule, back
 * to the list; refusing this one contract when the scene allows it.
 */
export function Reader({
  view,
  contract,
  layout,
  onRead,
  onBack,
  onRejected,
  onFatal,
}: {
  view: SessionView;
  contract: ContractView;
  layout: Layout;
  onRead: (contractId: string) => void;
  onBack: () => void;
  /** Offered when the scene allows refusing: this contract is rejected with the reason. */
  onRejected?: (contractId: string, reason: string) => void;
  onFatal: (code: string) => void;
}) {
  const { t } = useTranslation();
  // (antd-mobile puts aria-* on the TextArea's wrapper; its id reaches the <textarea> a label names.)
  const reasonId = useId();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const busy = useRef(false);
  const reject = async () => {
    if (!reason.trim()) {
      Toast.show({ content: t('reject.required') });
      return;
    }
    if (busy.current || !onRejected) return;
    busy.current = true;
    try {
      await api.reject(contract.id, reason.trim());
      setRejecting(false);
      onRejected(contract.id, reason.trim());
    } catch (e) {
      const code = e instanceof ApiError ? e.code : 'NETWORK';
      setRejecting(false);
      if (FATAL.has(code)) onFatal(code);
      else setError(errorText(t, code));
    } finally {
      busy.current = false;
    }
  };
  useModalKeys(rejecting, () => setRejecting(false));
  const reading = useReading(contract);
  const fields = useMemo(() => (signable(contract) ? placedFields(contract) : []), [contract]);
  useEffect(() => {
    window.scrollTo(0, 0);
  }, []);
  useEffect(() => {
    if (reading.done && signable(contract)) onRead(contract.id);
  }, [reading.done, contract, onRead]);
  const why = !signable(contract)
    ? null
    : reading.done
      ? `✓ ${t('reading.done')}`
      : reading.secondsLeft > 0
        ? t('reading.seconds', { seconds: reading.secondsLeft })
        : reading.pagesLeft > 0
          ? t('reading.pages', { pages: reading.pagesLeft })
          : t('why.reading');
  return (
    <div className={`ws ws-h5 reader reader-${layout} ws-${view.mode}`} data-mode={view.mode}>
      <header className="topbar reader-bar">
        <button type="button" className="back" onClick={onBack} aria-label={t('combined.back')}>
          ‹ {t('combined.back')}
        </button>
        <h1>{contract.title}</h1>
      </header>
      <FieldList fields={fields} />
      <ContractPages contract={contract} fields={fields} layout={layout} reading={reading} />
      <footer className="action-bar">
        <p className={error ? 'why error-text' : 'why'} aria-live="polite">
          {error ?? why}
        </p>
        <div className="bar-buttons">
          {onRejected && signable(contract) && (
            <Button fill="none" onClick={() => setRejecting(true)}>
              {t('action.reject')}
            </Button>
          )}
          <Button color="primary" onClick={onBack}>
            {t('combined.back')}
          </Button>
        </div>
      </footer>
      <Dialog
        visible={rejecting}
        title={t('reject.title')}
        content={
          <>
            <p className="muted">《{contract.title}》</p>
            <label htmlFor={`${reasonId}-reason`} className="sr-only">
              {t('reject.placeholder')}
            </label>
            <TextArea
              id={`${reasonId}-reason`}
              placeholder={t('reject.placeholder')}
              value={reason}
              onChange={setReason}
              maxLength={500}
              rows={4}
              showCount
            />
          </>
        }
        onClose={() => setRejecting(false)}
        actions={[
          [
            { key: 'cancel', text: t('action.cancel'), onClick: () => setRejecting(false) },
            { key: 'reject', text: t('reject.submit'), danger: true, onClick: () => void reject() },
          ],
        ]}
      />
    </div>
  );
}
