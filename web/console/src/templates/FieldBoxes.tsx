/** A version's sign fields of one page, shown (read-only) over its preview — what legal approves. */
import { toPixels, type PageSize } from '../lib/sign-geometry';
import { roleColor } from './roles';
import { isPageField, type SignField } from './types';

export function FieldBoxes(props: {
  fields: SignField[];
  roles: string[];
  page: number;
  size: PageSize;
  width: number;
}) {
  return (
    <>
      {props.fields.filter(isPageField).map((f, i) => {
        if (f.page !== props.page) return null;
        const b = toPixels(f, props.size, props.width);
        const color = roleColor(props.roles, f.role);
        return (
          <div
            key={i}
            data-testid="field-box"
            style={{
              position: 'absolute',
              left: b.left,
              top: b.top,
              width: b.width,
              height: b.height,
              border: `2px solid ${color}`,
              background: `${color}22`,
              color,
              fontSize: 12,
              fontWeight: 600,
              display: 'flex',
              alignItems: 'center',
              justifyContent: 'center',
              boxSizing: 'border-box',
              pointerEvents: 'none',
            }}
          >
            {f.role}
          </div>
        );
      })}
    </>
  );
}
