import { useTranslation } from 'react-i18next';
import type { PlacedField } from '../fields';

/**
 * The signer's sign fields as a list ("2 处待签"), one button per field naming its page; a tap
 * scrolls its box on the page into view and makes it flash.
 */
export function FieldList({ fields }: { fields: PlacedField[] }) {
  const { t } = useTranslation();
  if (fields.length === 0) return null;
  return (
    <nav className="field-list" aria-label={t('fields', { count: fields.length })}>
      <span className="fields-count">{t('fields', { count: fields.length })}</span>
      {fields.map((f, i) => (
        <button key={i} type="button" className="field-chip" onClick={() => showField(i)}>
          {f.field.crossPage ? t('fieldCrossPage') : t('fieldAt', { page: f.n })}
        </button>
      ))}
    </nav>
  );
}

/** Scrolls the i-th field's box (DocumentPages' `data-field`) to the middle of the screen. */
export function showField(i: number): void {
  const box = document.querySelector<HTMLElement>(`[data-field="${i}"]`);
  if (!box) return;
  box.scrollIntoView({ block: 'center', behavior: 'smooth' });
  box.classList.remove('field-flash');
  // Restart the animation: reading offsetWidth makes the browser drop the removed class first.
  void box.offsetWidth;
  box.classList.add('field-flash');
}
