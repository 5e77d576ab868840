import { Button, SpinLoading } from 'antd-mobile';
import { lazy, Suspense, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiImage } from '../ApiImage';
import { api, type Seal, type SealKind } from '../api';
import type { Layout } from '../theme';

// signature_pad is loaded only when the signer chooses to draw.
const SignatureDrawer = lazy(() => import('./SignatureDrawer').then((m) => ({ default: m.SignatureDrawer })));

/** Choose one of the signer's seals (with its image) or draw a handwritten signature. */
export function SealChooser({
  kinds,
  selected,
  onSelect,
  layout = 'pc',
}: {
  kinds: SealKind[];
  /** A phone draws full-screen, in landscape. */
  layout?: Layout;
  selected: Seal | null;
  onSelect: (seal: Seal) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [seals, setSeals] = useState<Seal[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [drawing, setDrawing] = useState(false);

  useEffect(() => {
    let live = true;
    api
      .seals()
      .then((list) => {
        if (!live) return;
        // Seals drawn earlier are shown, but a fresh drawing is one tap away.
        setSeals(list);
        const first = list.find((s) => s.kind !== 'handwritten') ?? list[0];
        if (first) onSelect(first);
      })
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [onSelect]);

  const canDraw = kinds.includes('handwritten');
  return (
    <section className="step" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('seal.title')}</h2>
      {seals === null && !failed && <SpinLoading color="primary" />}
      {failed && <p className="error-text">{t('error.NETWORK')}</p>}
      <div className="seals" role="radiogroup" aria-labelledby={`${id}-title`}>
        {seals?.map((seal) => (
          <button
            key={seal.id}
            type="button"
            role="radio"
            aria-checked={selected?.id === seal.id}
            className={selected?.id === seal.id ? 'seal seal-on' : 'seal'}
            onClick={() => onSelect(seal)}
            data-kind={seal.kind}
          >
            <ApiImage src={seal.image} alt="" />
            <span>{t(`seal.${seal.kind}`)}</span>
          </button>
        ))}
        {canDraw && (
          <Button className="seal seal-draw" fill="outline" onClick={() => setDrawing(true)}>
            ✍ {t(seals?.some((s) => s.kind === 'handwritten') ? 'seal.drawAgain' : 'seal.draw')}
          </Button>
        )}
      </div>
      {seals?.length === 0 && !canDraw && <p className="error-text">{t('seal.none')}</p>}
      {drawing && (
        <Suspense fallback={<SpinLoading color="primary" />}>
          <SignatureDrawer
            visible={drawing}
            fullScreen={layout === 'h5'}
            onClose={() => setDrawing(false)}
            onSaved={(seal) => {
              setDrawing(false);
              setSeals((list) => [...(list ?? []), seal]);
              onSelect(seal);
            }}
          />
        </Suspense>
      )}
    </section>
  );
}
