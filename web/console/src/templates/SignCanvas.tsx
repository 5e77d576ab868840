/**
 * Sign fields drawn on a page preview: mouse down, drag, up draws a box for the chosen role; a
 * box is moved by dragging it, resized by dragging one of its corner handles, removed with its ×. Boxes are kept in PDF points (the API's
 * units, lib/sign-geometry.ts); pixels exist only while drawing.
 */
import { CloseOutlined } from '@ant-design/icons';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  resized,
  spanned,
  toPixels,
  toPoints,
  type Corner,
  type PageSize,
  type PixelBox,
} from '../lib/sign-geometry';
import { PageImage } from './PageImage';
import { roleColor } from './roles';
import type { PageField } from './types';

/** Smaller drags are taken as clicks, not boxes. */
const MIN_PX = 8;

type Drag =
  | { kind: 'draw'; from: { x: number; y: number }; to: { x: number; y: number } }
  | { kind: 'move'; index: number; from: { x: number; y: number }; to: { x: number; y: number } }
  | {
      kind: 'resize';
      index: number;
      corner: Corner;
      from: { x: number; y: number };
      to: { x: number; y: number };
    };

const CORNERS: Corner[] = ['nw', 'ne', 'sw', 'se'];
const HANDLE = 8;

export function SignCanvas(props: {
  appId: string;
  templateId: string;
  versionId: string;
  page: number;
  size: PageSize;
  width: number;
  roles: string[];
  role: string | undefined;
  /** Every page field of the template; those of `page` are shown. */
  fields: PageField[];
  onAdd: (f: PageField) => void;
  onMove: (index: number, f: PageField) => void;
  onRemove: (index: number) => void;
  /** Drawn under the boxes and not touched by the mouse (keyword fields where they land). */
  overlay?: ReactNode;
}) {
  const { t } = useTranslation();
  const surface = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<Drag | null>(null);
  const at = (e: { clientX: number; clientY: number }) => {
    const r = surface.current!.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };

  // While dragging, the window follows the mouse: a drag may leave the page and end outside it.
  useEffect(() => {
    if (!drag) return;
    const move = (e: MouseEvent) => setDrag((d) => (d ? { ...d, to: at(e) } : d));
    const up = (e: MouseEvent) => {
      const end = { ...drag, to: at(e) };
      setDrag(null);
      finish(end);
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
    return () => {
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
    };
    // Subscribed once per drag (its start), not per mouse move: the end is read from the event.
  }, [drag?.kind, drag?.from.x, drag?.from.y]);

  const finish = (d: Drag) => {
    if (d.kind === 'draw') {
      const box = spanned(d.from, d.to);
      if (!props.role || box.width < MIN_PX || box.height < MIN_PX) return;
      props.onAdd({ role: props.role, page: props.page, ...toPoints(box, props.size, props.width) });
      return;
    }
    const f = props.fields[d.index]!;
    if (d.kind === 'resize') {
      const box = resizedBox(toPixels(f, props.size, props.width), d);
      props.onMove(d.index, { ...f, ...toPoints(box, props.size, props.width) });
      return;
    }
    const moved = movedBox(toPixels(f, props.size, props.width), d);
    const p = toPoints(moved, props.size, props.width);
    // Keep the size in points as it was: moving must not shrink a box by rounding.
    props.onMove(d.index, { ...f, x: p.x, y: Math.min(p.y, props.size.height - f.height) });
  };

  const shown = props.fields.map((f, index) => ({ f, index })).filter(({ f }) => f.page === props.page);
  return (
    <PageImage
      appId={props.appId}
      templateId={props.templateId}
      versionId={props.versionId}
      page={props.page}
      mode="tags"
      width={props.width}
      aspect={props.size.height / props.size.width}
    >
      <div
        ref={surface}
        data-testid="sign-canvas"
        style={{ position: 'absolute', inset: 0, cursor: props.role ? 'crosshair' : 'not-allowed' }}
        onMouseDown={(e) => {
          if (e.button !== 0) return;
          e.preventDefault();
          const p = at(e);
          setDrag({ kind: 'draw', from: p, to: p });
        }}
      >
        {props.overlay}
        {shown.map(({ f, index }) => {
          const placed = toPixels(f, props.size, props.width);
          const box =
            drag?.kind === 'move' && drag.index === index
              ? movedBox(placed, drag)
              : drag?.kind === 'resize' && drag.index === index
                ? resizedBox(placed, drag)
                : placed;
          const color = roleColor(props.roles, f.role);
          return (
            <div
              key={index}
              data-testid="sign-box"
              data-role={f.role}
              title={f.role}
              onMouseDown={(e) => {
                if (e.button !== 0) return;
                e.preventDefault();
                e.stopPropagation();
                const p = at(e);
                setDrag({ kind: 'move', index, from: p, to: p });
              }}
              style={{
                position: 'absolute',
                ...px(box),
                border: `2px solid ${color}`,
                background: `${color}22`,
                cursor: 'move',
                boxSizing: 'border-box',
                display: 'flex',
                alignItems: 'center',
                justifyContent: 'center',
                color,
                fontSize: 12,
                fontWeight: 600,
                // The corner handles stick out of the box; the label is cut by its own span instead.
                overflow: 'visible',
                whiteSpace: 'nowrap',
              }}
            >
              {f.role}
              {f.crossPage ? ` · ${t('templates.signers.crossPageShort')}` : ''}
              <span
                role="button"
                aria-label={t('templates.signers.remove')}
                data-testid="sign-box-remove"
                onMouseDown={(e) => e.stopPropagation()}
                onClick={() => props.onRemove(index)}
                style={{ position: 'absolute', top: 0, right: 2, cursor: 'pointer', fontSize: 10 }}
              >
                <CloseOutlined />
              </span>
              {CORNERS.map((corner) => (
                <span
                  key={corner}
                  data-testid="sign-box-handle"
                  data-corner={corner}
                  aria-label={t('templates.signers.resize')}
                  onMouseDown={(e) => {
                    if (e.button !== 0) return;
                    e.preventDefault();
                    e.stopPropagation();
                    const p = at(e);
                    setDrag({ kind: 'resize', index, corner, from: p, to: p });
                  }}
                  style={{
                    position: 'absolute',
                    width: HANDLE,
                    height: HANDLE,
                    background: '#fff',
                    border: `1px solid ${color}`,
                    boxSizing: 'border-box',
                    ...(corner.startsWith('n') ? { top: -HANDLE / 2 } : { bottom: -HANDLE / 2 }),
                    ...(corner.endsWith('w') ? { left: -HANDLE / 2 } : { right: -HANDLE / 2 }),
                    cursor: corner === 'nw' || corner === 'se' ? 'nwse-resize' : 'nesw-resize',
                  }}
                />
              ))}
            </div>
          );
        })}
        {drag?.kind === 'draw' && props.role && (
          <div
            style={{
              position: 'absolute',
              ...px(spanned(drag.from, drag.to)),
              border: `2px dashed ${roleColor(props.roles, props.role)}`,
              pointerEvents: 'none',
            }}
          />
        )}
      </div>
    </PageImage>
  );
}

function movedBox(
  box: PixelBox,
  d: { from: { x: number; y: number }; to: { x: number; y: number } },
): PixelBox {
  return { ...box, left: box.left + d.to.x - d.from.x, top: box.top + d.to.y - d.from.y };
}

function resizedBox(
  box: PixelBox,
  d: { corner: Corner; from: { x: number; y: number }; to: { x: number; y: number } },
): PixelBox {
  return resized(box, d.corner, d.to.x - d.from.x, d.to.y - d.from.y, MIN_PX);
}

const px = (b: PixelBox) => ({ left: b.left, top: b.top, width: b.width, height: b.height });
