import { Button, Checkbox, Dialog } from 'antd-mobile';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiImage } from '../ApiImage';
import { ApiError, api, type ContractView, type Seal, type SessionView, type SignResult } from '../api';
import { emit } from '../embed';
import { placedFields, signable } from '../fields';
import type { Layout } from '../theme';
import { Reader } from './CombinedReader';
import { IntentCheck } from './IntentCheck';
import { errorText, type Outcome } from './ResultPages';
import { SealChooser } from './SealChooser';
import { useModalKeys } from './useModalKeys';

/** Errors after which this session can do nothing more (as in Workspace). */
const FATAL = new Set(['LINK_REVOKED', 'SESSION_EXPIRED', 'SESSION_REQUIRED']);

/** A sign result the page made up for a call that failed as a whole (network, 5xx). */
const failedResult = (c: ContractView, e: unknown): SignResult => ({
  contractId: c.id,
  signerId: c.signer.id,
  status: 'failed',
  error: {
    code: e instanceof ApiError ? e.code : 'NETWORK',
    message: e instanceof Error ? e.message : '',
  },
});

/**
 * 组合签: the contracts of a combined link as a list (title, state, "n 处待签"); each opens to be
 * read (forced reading counts per contract), then one intent check and one seal sign all of them.
 * The page signs them one call per contract (the session's verified intent covers every call), so
 * the signer sees real progress and which one failed, and a retry signs only what is left.
 */
export function Combined({
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
  const id = useId();
  const contracts = view.contracts;
  const [open, setOpen] = useState<ContractView | null>(null);
  const [read, setRead] = useState<Record<string, boolean>>(() =>
    Object.fromEntries(contracts.map((c) => [c.id, !c.todo.includes('read')])),
  );
  const needsIntent = contracts.some((c) => c.todo.includes('intent'));
  const [intentDone, setIntentDone] = useState(view.intent.verified || !needsIntent);
  const [seal, setSeal] = useState<Seal | null>(null);
  const [agreed, setAgreed] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [results, setResults] = useState<Record<string, SignResult>>({});
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  useModalKeys(confirming, () => setConfirming(false));
  /** Contracts this signer refused here, with the reason. */
  const [rejected, setRejected] = useState<Record<string, string>>({});
  const signing = useRef(false);
  const scrollBack = useRef(0);

  const esign = contracts.some((c) => signable(c) && c.signer.method === 'esign');
  const clickwrap = contracts.some((c) => signable(c) && c.signer.method === 'clickwrap');
  const todo = contracts.filter(
    (c) => signable(c) && results[c.id]?.status !== 'signed' && rejected[c.id] === undefined,
  );
  const unread = todo.find((c) => !read[c.id]);

  // hetong:read once per contract, however often its reader is opened again.
  const announced = useRef(new Set<string>());
  const announceRead = useCallback((contractId: string) => {
    if (announced.current.has(contractId)) return;
    announced.current.add(contractId);
    emit({ type: 'hetong:read', contractId });
  }, []);
  useEffect(() => {
    for (const c of contracts) if (signable(c) && !c.todo.includes('read')) announceRead(c.id);
  }, [contracts, announceRead]);

  const why = unread
    ? t('combined.readFirst', { title: unread.title })
    : contracts.some((c) => c.todo.includes('realName'))
      ? t('why.realName')
      : !intentDone
        ? t('why.intent')
        : esign && !seal
          ? t('why.seal')
          : clickwrap && !agreed
            ? t('why.agree')
            : progress
              ? t('why.busy')
              : null;

  const markRead = useCallback(
    (contractId: string) => {
      setRead((r) => (r[contractId] ? r : { ...r, [contractId]: true }));
      announceRead(contractId);
    },
    [announceRead],
  );

  const signAll = async () => {
    if (signing.current) return;
    signing.current = true;
    setConfirming(false);
    const queue = todo;
    const got: Record<string, SignResult> = { ...results };
    setProgress({ done: 0, total: queue.length });
    try {
      for (const [i, c] of queue.entries()) {
        try {
          const { results: r } = await api.sign({
            contractIds: [c.id],
            ...(c.signer.method === 'clickwrap' ? { agree: true } : { sealId: seal!.id }),
          });
          got[c.id] = r[0] ?? failedResult(c, new Error('no answer'));
        } catch (e) {
          const code = e instanceof ApiError ? e.code : 'NETWORK';
          if (FATAL.has(code)) return onFatal(code);
          if (code === 'INTENT_REQUIRED') setIntentDone(false);
          got[c.id] = failedResult(c, e);
        }
        setResults({ ...got });
        setProgress({ done: i + 1, total: queue.length });
      }
    } finally {
      signing.current = false;
      setProgress(null);
    }
    const all = Object.values(got);
    for (const r of all)
      if (r.status === 'failed')
        emit({
          type: 'hetong:error',
          contractId: r.contractId,
          code: r.error?.code ?? 'SIGN_FAILED',
          message: errorText(t, r.error?.code ?? 'SIGN_FAILED'),
        });
    if (all.length > 0 && all.every((r) => r.status === 'signed'))
      onDone({
        result: 'signed',
        contractStatus: all.every((r) => r.contractStatus === 'completed') ? 'completed' : 'pending_signing',
        results: all,
        rejectedIds: Object.keys(rejected),
      });
  };

  // A refusal ends that contract only; when nothing is left, the page ends with what happened.
  const rejectedOne = (contractId: string, reason: string) => {
    emit({ type: 'hetong:rejected', contractId, reason });
    const now = { ...rejected, [contractId]: reason };
    setRejected(now);
    setOpen(null);
    const left = contracts.filter((c) => signable(c) && results[c.id]?.status !== 'signed' && !(c.id in now));
    if (left.length > 0) return;
    const signed = Object.values(results).filter((r) => r.status === 'signed');
    const rejectedIds = Object.keys(now);
    onDone(
      signed.length > 0
        ? {
            result: 'signed',
            contractStatus: signed.every((r) => r.contractStatus === 'completed')
              ? 'completed'
              : 'pending_signing',
            results: signed,
            rejectedIds,
          }
        : { result: 'rejected', contractStatus: 'rejected', rejectedIds },
    );
  };

  if (open)
    return (
      <Reader
        view={view}
        contract={open}
        layout={layout}
        onRead={markRead}
        onFatal={onFatal}
        {...(view.scene.allowReject && rejected[open.id] === undefined ? { onRejected: rejectedOne } : {})}
        onBack={() => {
          setOpen(null);
          requestAnimationFrame(() => window.scrollTo(0, scrollBack.current));
        }}
      />
    );

  const failures = contracts.filter((c) => results[c.id]?.status === 'failed');
  return (
    <div className={`combined combined-${layout} ws-${view.mode}`} data-layout={layout} data-mode={view.mode}>
      {view.mode !== 'headless' && (
        <header className="topbar">
          {view.scene.logoUrl && /^(\/|https:)/.test(view.scene.logoUrl) && (
            <img className="logo" src={view.scene.logoUrl} alt="" />
          )}
          <h1>{t('combined.title', { count: contracts.length })}</h1>
        </header>
      )}
      <main className="combined-body">
        <section className="step" aria-labelledby={`${id}-list`}>
          <h2 id={`${id}-list`}>{t('combined.list', { count: contracts.length })}</h2>
          <p className="muted">{t('combined.hint')}</p>
          <ul className="contract-list">
            {contracts.map((c) => (
              <ContractCard
                key={c.id}
                contract={c}
                read={read[c.id] ?? false}
                result={results[c.id]}
                rejected={rejected[c.id] !== undefined}
                onOpen={() => {
                  scrollBack.current = window.scrollY;
                  setOpen(c);
                }}
              />
            ))}
          </ul>
        </section>
        {todo.length > 0 && (
          <>
            {needsIntent &&
              (intentDone ? (
                <section className="step">
                  <h2>{t('intent.title')}</h2>
                  <p className="reading-done">✓ {t('intent.verified')}</p>
                </section>
              ) : (
                <IntentCheck
                  methods={view.intent.methods}
                  contact={{ mobile: view.signer?.mobile ?? null, email: view.signer?.email ?? null }}
                  onVerified={() => setIntentDone(true)}
                />
              ))}
            {esign && (
              <SealChooser
                kinds={[
                  ...new Set(
                    todo.filter((c) => c.signer.method === 'esign').flatMap((c) => c.signer.sealKinds),
                  ),
                ]}
                selected={seal}
                onSelect={setSeal}
                layout={layout}
              />
            )}
            {clickwrap && (
              <section className="step" aria-labelledby={`${id}-cw`}>
                <h2 id={`${id}-cw`}>{t('clickwrap.title')}</h2>
                <div className="agreement" tabIndex={0}>
                  {view.scene.clickwrapText}
                </div>
                <Checkbox checked={agreed} onChange={setAgreed}>
                  {t('clickwrap.agree')}
                </Checkbox>
              </section>
            )}
            <div className="sign-actions">
              {progress && (
                <div className="sign-progress" role="status" aria-live="polite">
                  <p>{t('combined.progress', progress)}</p>
                  <progress className="bar" value={progress.done} max={Math.max(1, progress.total)} />
                </div>
              )}
              {failures.length > 0 && !progress && (
                <p className="error-text" role="alert">
                  {t('combined.someFailed', { count: failures.length })}
                </p>
              )}
              <Button
                block
                color="primary"
                size="large"
                disabled={why !== null}
                loading={progress !== null}
                onClick={() => setConfirming(true)}
                aria-describedby={why ? `${id}-why` : undefined}
              >
                {failures.length > 0
                  ? t('combined.retry', { count: todo.length })
                  : t('combined.signAll', { count: todo.length })}
              </Button>
              {why && (
                <p id={`${id}-why`} className="why">
                  {why}
                </p>
              )}
            </div>
          </>
        )}
      </main>
      <Dialog
        visible={confirming}
        title={t('confirm.title')}
        content={
          <div className="confirm">
            <p>{t('combined.confirm', { name: view.signer?.name ?? '', count: todo.length })}</p>
            <ol className="confirm-list">
              {todo.map((c) => (
                <li key={c.id}>《{c.title}》</li>
              ))}
            </ol>
            {esign && seal && (
              <>
                <p>{t('confirm.with', { seal: t(`seal.${seal.kind}`) })}</p>
                <ApiImage className="confirm-seal" src={seal.image} alt={t(`seal.${seal.kind}`)} />
              </>
            )}
            <p className="muted">{t('confirm.legal')}</p>
          </div>
        }
        onClose={() => setConfirming(false)}
        actions={[
          [
            { key: 'cancel', text: t('action.cancel'), onClick: () => setConfirming(false) },
            { key: 'sign', text: t('action.confirmSign'), bold: true, onClick: () => void signAll() },
          ],
        ]}
      />
    </div>
  );
}

/** One contract of the list: its title, where it stands, what is left to do. */
function ContractCard({
  contract,
  read,
  result,
  rejected,
  onOpen,
}: {
  contract: ContractView;
  read: boolean;
  result: SignResult | undefined;
  rejected: boolean;
  onOpen: () => void;
}) {
  const { t } = useTranslation();
  const fields = placedFields(contract).length;
  const state = rejected
    ? { text: t('combined.status.rejected'), tone: 'muted' }
    : result?.status === 'signed'
      ? { text: t('combined.signed'), tone: 'done' }
      : result?.status === 'failed'
        ? { text: errorText(t, result.error?.code ?? 'SIGN_FAILED'), tone: 'failed' }
        : contract.signer.status === 'signed'
          ? { text: t('combined.signed'), tone: 'done' }
          : contract.signer.status === 'waiting'
            ? { text: t('error.titleWaiting'), tone: 'muted' }
            : contract.status !== 'pending_signing' || contract.signer.status === 'rejected'
              ? { text: t(`combined.status.${contract.status}`), tone: 'muted' }
              : read
                ? { text: `✓ ${t('reading.done')}`, tone: 'ok' }
                : { text: t('combined.toRead'), tone: 'todo' };
  return (
    <li className="contract-card" data-contract={contract.id} data-state={state.tone}>
      <button type="button" className="contract-open" onClick={onOpen}>
        <span className="contract-title">{contract.title}</span>
        <span className="contract-meta">
          {signable(contract) && result?.status !== 'signed' && !rejected && fields > 0 && (
            <span className="fields-count">{t('fields', { count: fields })}</span>
          )}
          <span className={`contract-state state-${state.tone}`}>{state.text}</span>
        </span>
      </button>
      <span className="contract-go" aria-hidden="true">
        ›
      </span>
    </li>
  );
}
