import { Button, Popup, Toast } from 'antd-mobile';
import SignaturePad from 'signature_pad';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, type Seal } from '../api';
import { useModalKeys } from './useModalKeys';

/** Smaller than this (CSS px) is a dot or a slip, not a signature. */
const MIN_WIDTH = 40;
const MIN_HEIGHT = 16;
const MARGIN = 8;

/**
 * The drawing cut to its strokes (plus a margin), as a PNG data URL; refused when empty or tiny.
 * `turned`: drawn on a portrait screen held sideways (the writing runs down the screen), so the
 * picture is turned back a quarter to the left to read left to right.
 */
export function cropDrawing(
  pad: SignaturePad,
  canvas: HTMLCanvasElement,
  turned = false,
): { png: string } | { problem: 'empty' | 'tiny' } {
  const points = pad.toData().flatMap((g) => g.points);
  if (pad.isEmpty() || points.length < 2) return { problem: 'empty' };
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const [along, across] = turned ? [y1 - y0, x1 - x0] : [x1 - x0, y1 - y0];
  if (along < MIN_WIDTH && across < MIN_HEIGHT) return { problem: 'tiny' };
  const scale = canvas.width / canvas.clientWidth;
  const sx = Math.max(0, Math.floor((x0 - MARGIN) * scale));
  const sy = Math.max(0, Math.floor((y0 - MARGIN) * scale));
  const sw = Math.min(canvas.width - sx, Math.ceil((x1 - x0 + 2 * MARGIN) * scale));
  const sh = Math.min(canvas.height - sy, Math.ceil((y1 - y0 + 2 * MARGIN) * scale));
  const out = document.createElement('canvas');
  out.width = sw;
  out.height = sh;
  out.getContext('2d')!.drawImage(canvas, sx, sy, sw, sh, 0, 0, sw, sh);
  if (!turned) return { png: out.toDataURL('image/png') };
  // (x, y) of the screen goes to (y, sw − x): the screen's downwards is the writing's rightwards.
  const upright = document.createElement('canvas');
  upright.width = sh;
  upright.height = sw;
  const ctx = upright.getContext('2d')!;
  ctx.translate(0, sw);
  ctx.rotate(-Math.PI / 2);
  ctx.drawImage(out, 0, 0);
  return { png: upright.toDataURL('image/png') };
}

/** A phone held upright: the drawing area is turned to landscape (the signer turns the phone). */
const portrait = () => window.innerHeight > window.innerWidth;

/**
 * 手写签名: draw with a finger, pen or mouse; clear, undo; an empty or tiny drawing is refused. On
 * a phone the whole screen is the drawing area, in landscape: held upright, the words and buttons
 * are turned a quarter (the signer turns the phone and writes along its long side); held sideways,
 * nothing needs turning. Turning the phone while drawing starts the drawing again.
 */
export function SignatureDrawer({
  visible,
  fullScreen = false,
  onClose,
  onSaved,
}: {
  visible: boolean;
  /** A phone: the whole screen, landscape. */
  fullScreen?: boolean;
  onClose: () => void;
  onSaved: (seal: Seal) => void;
}) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const pad = useRef<SignaturePad | null>(null);
  const [saving, setSaving] = useState(false);
  const [turned, setTurned] = useState(() => fullScreen && portrait());
  useModalKeys(visible, onClose, '.drawer');

  useEffect(() => {
    if (!fullScreen) return;
    const onResize = () => setTurned(portrait());
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, [fullScreen]);

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
  }, [visible, turned]);

  const undo = () => {
    const p = pad.current;
    if (!p) return;
    const data = p.toData();
    data.pop();
    p.fromData(data);
  };

  const save = async () => {
    if (!pad.current || !canvas.current || saving) return;
    const r = cropDrawing(pad.current, canvas.current, turned);
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
      bodyClassName={fullScreen ? `drawer drawer-full${turned ? ' drawer-turned' : ''}` : 'drawer'}
      destroyOnClose
    >
      <div className="drawer-head" data-turned={turned}>
        <h2>{t('pad.title')}</h2>
        {turned && <p className="muted">{t('pad.turn')}</p>}
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
