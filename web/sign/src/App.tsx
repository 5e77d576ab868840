import { SpinLoading } from 'antd-mobile';
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, type SessionView } from './api';
import { takeFirstSession } from './boot';
import { emit } from './embed';
import { signable } from './fields';
import { DonePage, ErrorPage, errorText, type Outcome } from './screens/ResultPages';
import { Workspace } from './screens/Workspace';
import { applyTheme, pickLayout } from './theme';

// 组合签 is loaded only for a combined link (the first load of a single contract stays small).
const Combined = lazy(() => import('./screens/Combined').then((m) => ({ default: m.Combined })));

type State =
  | { phase: 'loading' }
  | { phase: 'error'; code: string; retry?: () => void }
  | { phase: 'ready'; view: SessionView }
  | { phase: 'done'; view: SessionView; outcome: Outcome };

/** What the session says about the first contract when there is nothing to do on it. */
function stateOf(view: SessionView): State {
  const c = view.contracts[0];
  if (!c) return { phase: 'error', code: 'SESSION_EXPIRED' };
  if (view.contracts.length > 1) return combinedStateOf(view);
  if (c.signer.status === 'signed')
    return { phase: 'done', view, outcome: { result: 'signed', contractStatus: c.status, already: true } };
  if (c.signer.status === 'rejected') return { phase: 'error', code: 'ALREADY_REJECTED' };
  if (c.status !== 'pending_signing') return { phase: 'error', code: `CONTRACT_${c.status.toUpperCase()}` };
  if (c.signer.status === 'waiting') return { phase: 'error', code: 'NOT_YOUR_TURN' };
  return { phase: 'ready', view };
}

/** A combined link (组合签): its list while anything is left to sign there, else why not. */
function combinedStateOf(view: SessionView): State {
  const all = view.contracts;
  if (all.some(signable)) return { phase: 'ready', view };
  if (all.every((c) => c.signer.status === 'signed'))
    return {
      phase: 'done',
      view,
      outcome: {
        result: 'signed',
        contractStatus: all.every((c) => c.status === 'completed') ? 'completed' : 'pending_signing',
        already: true,
      },
    };
  if (all.some((c) => c.signer.status === 'waiting' && c.status === 'pending_signing'))
    return { phase: 'error', code: 'NOT_YOUR_TURN' };
  // Nothing left here: the list still says where each contract stands.
  return { phase: 'ready', view };
}

/** What the embedding page hears of a signing or a rejection (embed.ts). */
function emitOutcome(outcome: Outcome): void {
  if (outcome.result === 'rejected') {
    if (outcome.contractId)
      emit({ type: 'hetong:rejected', contractId: outcome.contractId, reason: outcome.reason ?? '' });
    return;
  }
  for (const r of outcome.results ?? []) {
    if (r.status !== 'signed') continue;
    emit({
      type: 'hetong:signed',
      contractId: r.contractId,
      signerId: r.signerId,
      contractStatus: r.contractStatus ?? 'pending_signing',
    });
    if (r.contractStatus === 'completed') emit({ type: 'hetong:completed', contractId: r.contractId });
  }
}

function Loading() {
  const { t } = useTranslation();
  return (
    <div className="center-page" role="status" aria-live="polite">
      <SpinLoading color="primary" style={{ '--size': '40px' }} />
      <p>{t('loading')}</p>
    </div>
  );
}

export function App() {
  const { t } = useTranslation();
  const [state, setState] = useState<State>({ phase: 'loading' });
  const started = useRef(false);

  const load = useCallback(
    /** `started`: the session boot.ts asked for before React ran (the first load only). */
    async (token: string | null, started?: Promise<SessionView>) => {
      setState({ phase: 'loading' });
      try {
        const view = await (started ?? (token ? api.open(token) : api.session()));
        applyTheme(view.scene.themeColor);
        const next = stateOf(view);
        const contractId = view.contracts[0]?.id;
        if (next.phase === 'error')
          emit({
            type: 'hetong:error',
            contractId: contractId ?? null,
            code: next.code,
            message: errorText(t, next.code),
          });
        else if (contractId)
          emit({ type: 'hetong:ready', contractId, contractIds: view.contracts.map((c) => c.id) });
        setState(next);
      } catch (e) {
        const code = e instanceof ApiError ? e.code : 'NETWORK';
        emit({ type: 'hetong:error', contractId: null, code, message: errorText(t, code) });
        setState({
          phase: 'error',
          code: !token && code === 'SESSION_REQUIRED' ? 'NO_LINK' : code,
          ...(code === 'NETWORK' ? { retry: () => void load(token) } : {}),
        });
      }
    },
    [t],
  );

  useEffect(() => {
    // StrictMode runs effects twice in development: a link opens once only.
    if (started.current) return;
    started.current = true;
    const first = takeFirstSession();
    void load(first.token, first.session);
  }, [load]);

  useEffect(() => {
    document.title = t('title');
  }, [t]);

  switch (state.phase) {
    case 'loading':
      return <Loading />;
    case 'error':
      return <ErrorPage code={state.code} {...(state.retry ? { onRetry: state.retry } : {})} />;
    case 'done':
      return <DonePage view={state.view} outcome={state.outcome} />;
    case 'ready': {
      const view = state.view;
      const props = {
        view,
        layout: pickLayout(view.client),
        onDone: (outcome: Outcome) => {
          emitOutcome(outcome);
          setState({ phase: 'done', view, outcome });
        },
        onFatal: (code: string) => {
          emit({
            type: 'hetong:error',
            contractId: view.contracts[0]?.id ?? null,
            code,
            message: errorText(t, code),
          });
          setState({ phase: 'error', code });
        },
      };
      return view.contracts.length > 1 ? (
        <Suspense fallback={<Loading />}>
          <Combined {...props} />
        </Suspense>
      ) : (
        <Workspace {...props} />
      );
    }
  }
}
