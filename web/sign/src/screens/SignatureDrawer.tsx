import { Button, Popup, Toast } from 'antd-mobile';
import SignaturePad from 'signature_pad';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, type Seal } from '../api';

/** Smaller than this (CSS px) is a dot or a slip, not a signature. */
const MIN_WIDTH = 40;
const MIN_HEIGHT = 16;
const MARGIN = 8;

/** The drawing cut to its strokes (plus a margin), as a PNG data URL; null when empty or tiny. */
export function cropDrawing(
  pad: SignaturePad,
  canvas: HTMLCanvasElement,
): { png: string } | { problem: 'empty' | 'tiny' } {
  const points = pad.toData().flatMap((g) => g.points);
  if (pad.isEmpty() || points.length < 2) return { problem: 'empty' };
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  if (x1 - x0 < MIN_WIDTH && y1 - y0 < MIN_HEIGHT) return { problem: 'tiny' };
  const scale = canvas.width / canvas.clientWidth;
  const sx = Math.max(0, Math.floor((x0 - MARGIN) * scale));
  const sy = Math.max(0, Math.floor((y0 - MARGIN) * scale));
  const sw = Math.min(canvas.width - sx, Math.ceil((x1 - x0 + 2 * MARGIN) * scale));
  const sh = Math.min(canvas.height - sy, Math.ceil((y1 - y0 + 2 * MARGIN) * scale));
  const out = document.createElement('canvas');
  out.width = sw;
  out.height = sh;
  out.getContext('2d')!.drawImage(canvas, sx, sy, sw, sh, 0, 0, sw, sh);
  return { png: out.toDataURL('image/png') };
}

/** 手写签名: draw with a finger, pen or mouse; clear, undo; an empty or tiny drawing is refused. */
export function SignatureDrawer({
  visible,
  onClose,
  onSaved,
}: {
  visible: boolean;
  onClose: () => void;
  onSaved: (seal: Seal) => void;
}) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const pad = useRef<SignaturePad | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!visible) return;
    // The popup animates in: size the canvas once it has its box.
    const frame = requestAnimationFrame(() => {
      const el = canvas.current;
      if (!el) return;
      const ratio = Math.max(window.devicePixelRatio || 1, 1);
      el.width = el.clientWidth * ratio;
      el.height = el.clientHeight * ratio;
      el.getContext('2d')!.scale(ratio, ratio);
      pad.current?.off();
      pad.current = new SignaturePad(el, { minWidth: 1.2, maxWidth: 3.6, penColor: '#111' });
    });
    return () => {
      cancelAnimationFrame(frame);
      pad.current?.off();
      pad.current = null;
    };
  }, [visible]);

  const undo = () => {
    const p = pad.current;
    if (!p) return;
    const data = p.toData();
    data.pop();
    p.fromData(data);
  };

  const save = async () => {
    if (!pad.current || !canvas.current || saving) return;
    const r = cropDrawing(pad.current, canvas.current);
    if ('problem' in r) {
      Toast.show({ content: t(r.problem === 'empty' ? 'pad.empty' : 'pad.tiny') });
      return;
    }
    setSaving(true);
    try {
      onSaved(await api.handwritten(r.png));
    } catch (e) {
      Toast.show({
        content:
          e instanceof ApiError && e.code !== 'NETWORK'
            ? t('error.other', { code: e.code })
            : t('error.NETWORK'),
      });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Popup
      visible={visible}
      onMaskClick={onClose}
      onClose={onClose}
      position="bottom"
      bodyClassName="drawer"
      destroyOnClose
    >
      <div className="drawer-head">
        <h2>{t('pad.title')}</h2>
      </div>
      <canvas ref={canvas} className="pad" aria-label={t('pad.title')} data-testid="signature-pad" />
      <div className="drawer-actions">
        <Button onClick={() => pad.current?.clear()}>{t('pad.clear')}</Button>
        <Button onClick={undo}>{t('pad.undo')}</Button>
        <Button onClick={onClose}>{t('action.cancel')}</Button>
        <Button color="primary" loading={saving} onClick={() => void save()}>
          {t('pad.done')}
        </Button>
      </div>
    </Popup>
  );
}
