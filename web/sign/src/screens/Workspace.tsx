import { Button, Dialog, Popup, TextArea, Toast } from 'antd-mobile';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiImage } from '../ApiImage';
import { ApiError, api, type Seal, type SessionView } from '../api';
import { emit } from '../embed';
import type { Layout } from '../theme';
import { placedFields, signable } from '../fields';
import { ContractPages } from './ContractPages';
import { FieldList } from './FieldList';
import { errorText, type Outcome } from './ResultPages';
import { SignPanel } from './SignPanel';
import { useModalKeys } from './useModalKeys';
import { useReading } from './useReading';

/** Errors after which this session can do nothing more: the page becomes an error page. */
const FATAL = new Set([
  'NOT_YOUR_TURN',
  'LINK_REVOKED',
  'SESSION_EXPIRED',
  'SESSION_REQUIRED',
  'SIGNER_DEADLINE_PASSED',
  'CONTRACT_STATE_CONFLICT',
]);

/**
 * The signing screen: the contract's pages and what the signer must do. PC: pages left, the
 * action panel right. Phone: full-width pages, a bottom action bar, the steps in a bottom sheet.
 */
export function Workspace({
  view,
  layout,
  onDone,
  onFatal,
}: {
  view: SessionView;
  layout: Layout;
  onDone: (outcome: Outcome) => void;
  onFatal: (code: string) => void;
}) {
  const { t } = useTranslation();
  // (antd-mobile puts aria-* on the TextArea's wrapper; its id reaches the <textarea> a label names.)
  const reasonId = useId();
  const contract = view.contracts[0]!;
  const reading = useReading(contract);
  const [intentDone, setIntentDone] = useState(view.intent.verified || !contract.todo.includes('intent'));
  const [seal, setSeal] = useState<Seal | null>(null);
  const [agreed, setAgreed] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sheet, setSheet] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const signing = useRef(false);
  const clickwrap = contract.signer.method === 'clickwrap';
  const fields = useMemo(() => (signable(contract) ? placedFields(contract) : []), [contract]);

  useModalKeys(confirming, () => !busy && setConfirming(false));
  useModalKeys(rejecting, () => setRejecting(false));
  useModalKeys(sheet && !confirming && !rejecting, () => setSheet(false), '.sheet');

  useEffect(() => {
    if (reading.done) emit({ type: 'hetong:read', contractId: contract.id });
  }, [reading.done, contract.id]);

  const readingWhy = reading.done
    ? null
    : reading.secondsLeft > 0
      ? t('reading.seconds', { seconds: reading.secondsLeft })
      : reading.pagesLeft > 0
        ? t('reading.pages', { pages: reading.pagesLeft })
        : t('why.reading');
  // The business line verifies its signers (the page has none of the factors): until it has, say
  // so instead of letting the signer try.
  const realNameWhy = contract.todo.includes('realName') ? t('why.realName') : null;
  const why =
    realNameWhy ??
    readingWhy ??
    (!intentDone ? t('why.intent') : null) ??
    (clickwrap ? (!agreed ? t('why.agree') : null) : !seal ? t('why.seal') : null) ??
    (busy ? t('why.busy') : null);

  const fail = useCallback(
    (e: unknown) => {
      const code = e instanceof ApiError ? e.code : 'NETWORK';
      if (FATAL.has(code)) return onFatal(code);
      if (code === 'INTENT_REQUIRED') setIntentDone(false);
      const text = errorText(t, code);
      emit({ type: 'hetong:error', contractId: contract.id, code, message: text });
      setError(text);
    },
    [onFatal, t, contract.id],
  );

  // Two clicks (or two taps on the dialog) sign once: the ref is set before the first await.
  const sign = async () => {
    if (signing.current) return;
    signing.current = true;
    setBusy(true);
    setError(null);
    try {
      const { results } = await api.sign(clickwrap ? { agree: true } : { sealId: seal!.id });
      const failed = results.find((r) => r.status === 'failed');
      if (failed) {
        fail(new ApiError(409, failed.error?.code ?? 'SIGN_FAILED', failed.error?.message ?? ''));
        return;
      }
      setConfirming(false);
      onDone({ result: 'signed', contractStatus: results[0]?.contractStatus ?? 'pending_signing', results });
    } catch (e) {
      setConfirming(false);
      fail(e);
    } finally {
      signing.current = false;
      setBusy(false);
    }
  };

  const reject = async () => {
    if (!reason.trim()) {
      Toast.show({ content: t('reject.required') });
      return;
    }
    if (signing.current) return;
    signing.current = true;
    try {
      await api.reject(contract.id, reason.trim());
      setRejecting(false);
      onDone({
        result: 'rejected',
        contractStatus: 'rejected',
        contractId: contract.id,
        reason: reason.trim(),
      });
    } catch (e) {
      setRejecting(false);
      fail(e);
    } finally {
      signing.current = false;
    }
  };

  const panel = (
    <SignPanel
      view={view}
      contract={contract}
      fields={fields}
      layout={layout}
      reading={reading}
      readingWhy={readingWhy}
      intentDone={intentDone}
      onIntentDone={() => setIntentDone(true)}
      seal={seal}
      onSeal={setSeal}
      agreed={agreed}
      onAgreed={setAgreed}
      why={why}
      busy={busy}
      error={error}
      onSign={() => setConfirming(true)}
      onReject={view.scene.allowReject ? () => setRejecting(true) : null}
    />
  );
  const header = view.mode !== 'headless' && (
    <header className="topbar">
      {view.scene.logoUrl && /^(\/|https:)/.test(view.scene.logoUrl) && (
        <img className="logo" src={view.scene.logoUrl} alt="" />
      )}
      <h1>{contract.title}</h1>
    </header>
  );
  const pages = <ContractPages contract={contract} fields={fields} layout={layout} reading={reading} />;

  return (
    <div className={`ws ws-${layout} ws-${view.mode}`} data-layout={layout} data-mode={view.mode}>
      {header}
      {layout === 'pc' ? (
        <div className="ws-body">
          {/* Focusable: a keyboard scrolls the pages with the arrow keys (forced reading). */}
          <section className="doc-pane" aria-label={contract.title} tabIndex={0}>
            {pages}
          </section>
          <aside className="panel">{panel}</aside>
        </div>
      ) : (
        <>
          <FieldList fields={fields} />
          {pages}
          <footer className="action-bar">
            <p className="why" aria-live="polite">
              {readingWhy ?? t('reading.done')}
            </p>
            <div className="bar-buttons">
              {view.scene.allowReject && (
                <Button fill="none" onClick={() => setRejecting(true)}>
                  {t('action.reject')}
                </Button>
              )}
              <Button color="primary" disabled={readingWhy !== null} onClick={() => setSheet(true)}>
                {t('action.toSign')}
              </Button>
            </div>
          </footer>
          <Popup
            visible={sheet}
            onMaskClick={() => setSheet(false)}
            onClose={() => setSheet(false)}
            position="bottom"
            bodyClassName="sheet"
            showCloseButton
          >
            {panel}
          </Popup>
        </>
      )}
      <Dialog
        visible={confirming}
        title={t('confirm.title')}
        content={
          <div className="confirm">
            <p>
              {t('confirm.body', { name: view.signer?.name ?? contract.signer.role, title: contract.title })}
            </p>
            <p>
              {clickwrap
                ? t('confirm.agree')
                : t('confirm.with', { seal: seal ? t(`seal.${seal.kind}`) : '' })}
            </p>
            {seal && !clickwrap && (
              <ApiImage className="confirm-seal" src={seal.image} alt={t(`seal.${seal.kind}`)} />
            )}
            <p className="muted">{t('confirm.legal')}</p>
          </div>
        }
        onClose={() => !busy && setConfirming(false)}
        actions={[
          [
            { key: 'cancel', text: t('action.cancel'), disabled: busy, onClick: () => setConfirming(false) },
            {
              key: 'sign',
              text: t('action.confirmSign'),
              bold: true,
              disabled: busy,
              onClick: () => void sign(),
            },
          ],
        ]}
      />
      <Dialog
        visible={rejecting}
        title={t('reject.title')}
        content={
          <>
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
