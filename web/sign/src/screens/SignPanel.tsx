import { Button, Checkbox } from 'antd-mobile';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractView, Seal, SessionView } from '../api';
import type { Layout } from '../theme';
import type { PlacedField } from '../fields';
import { FieldList } from './FieldList';
import { IntentCheck } from './IntentCheck';
import { SealChooser } from './SealChooser';
import type { Reading } from './useReading';

/** The steps to sign: reading status (PC), intent check, seal or agreement, the sign button. */
export function SignPanel(props: {
  view: SessionView;
  contract: ContractView;
  /** The signer's fields on the pages (PC lists them here; the phone above the pages). */
  fields: PlacedField[];
  layout: Layout;
  reading: Reading;
  readingWhy: string | null;
  intentDone: boolean;
  onIntentDone: () => void;
  seal: Seal | null;
  onSeal: (seal: Seal) => void;
  agreed: boolean;
  onAgreed: (agreed: boolean) => void;
  why: string | null;
  busy: boolean;
  error: string | null;
  onSign: () => void;
  onReject: (() => void) | null;
}) {
  const { t } = useTranslation();
  const id = useId();
  const { view, contract } = props;
  const clickwrap = contract.signer.method === 'clickwrap';
  const needsIntent = contract.todo.includes('intent') || !props.intentDone;

  return (
    <div className="sign-panel">
      {props.layout === 'pc' && (
        <section className="step">
          <h2>{contract.title}</h2>
          <p className="muted">
            {t('signer', { role: contract.signer.role, name: view.signer?.name ?? '' })}
          </p>
          <FieldList fields={props.fields} />
          <p className={props.readingWhy ? 'reading-todo' : 'reading-done'} aria-live="polite">
            {props.readingWhy ?? `✓ ${t('reading.done')}`}
          </p>
        </section>
      )}
      {needsIntent &&
        (props.intentDone ? (
          <section className="step">
            <h2>{t('intent.title')}</h2>
            <p className="reading-done">✓ {t('intent.verified')}</p>
          </section>
        ) : (
          <IntentCheck
            methods={view.intent.methods}
            contact={{ mobile: view.signer?.mobile ?? null, email: view.signer?.email ?? null }}
            onVerified={props.onIntentDone}
          />
        ))}
      {clickwrap ? (
        <section className="step" aria-labelledby={`${id}-cw`}>
          <h2 id={`${id}-cw`}>{t('clickwrap.title')}</h2>
          <div className="agreement" tabIndex={0}>
            {view.scene.clickwrapText}
          </div>
          <Checkbox checked={props.agreed} onChange={props.onAgreed}>
            {t('clickwrap.agree')}
          </Checkbox>
        </section>
      ) : (
        <SealChooser
          kinds={contract.signer.sealKinds}
          selected={props.seal}
          onSelect={props.onSeal}
          layout={props.layout}
        />
      )}
      <div className="sign-actions">
        {props.error && (
          <p className="error-text" role="alert">
            {props.error}
          </p>
        )}
        <Button
          block
          color="primary"
          size="large"
          disabled={props.why !== null}
          loading={props.busy}
          onClick={props.onSign}
          aria-describedby={props.why ? `${id}-why` : undefined}
        >
          {clickwrap ? t('action.agreeSign') : t('action.sign')}
        </Button>
        {props.why && (
          <p id={`${id}-why`} className="why">
            {props.why}
          </p>
        )}
        {props.layout === 'pc' && props.onReject && (
          <Button block fill="none" onClick={props.onReject}>
            {t('action.reject')}
          </Button>
        )}
      </div>
    </div>
  );
}
