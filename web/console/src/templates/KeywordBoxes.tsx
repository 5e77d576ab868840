/**
 * Keyword sign fields drawn on a page preview: the server finds the keyword in the same preview
 * and places the field on it as signing will (GET …/keyword-boxes: centred on the keyword's end,
 * moved by the offsets); the chosen occurrence is drawn dashed in its role's colour. Read-only:
 * a keyword field is edited in its form, the picture shows where it lands.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get, linePath, query } from '../api';
import { toPixels, type PageSize } from '../lib/sign-geometry';
import type { KeywordBoxes as KeywordBoxesAnswer } from '../wire';
import { roleColor } from './roles';
import type { SignField } from './types';

type KeywordField = Exclude<SignField, { page: number }>;

export function KeywordBoxes(props: {
  appId: string;
  templateId: string;
  versionId: string;
  page: number;
  size: PageSize;
  width: number;
  roles: string[];
  fields: SignField[];
}) {
  const keywordFields = props.fields.filter((f): f is KeywordField => 'keyword' in f);
  return (
    <>
      {keywordFields.map((f, i) => (
        <KeywordBox key={`${i}-${f.keyword}`} {...props} field={f} />
      ))}
    </>
  );
}

function KeywordBox(props: {
  appId: string;
  templateId: string;
  versionId: string;
  page: number;
  size: PageSize;
  width: number;
  roles: string[];
  field: KeywordField;
}) {
  const { t } = useTranslation();
  const f = props.field;
  const q = {
    keyword: f.keyword,
    offsetX: f.offsetX ?? 0,
    offsetY: f.offsetY ?? 0,
    width: f.width,
    height: f.height,
    mode: 'tags',
    versionId: props.versionId,
  };
  const answer = useQuery({
    queryKey: ['keyword-boxes', props.appId, props.templateId, q],
    queryFn: () =>
      get<KeywordBoxesAnswer>(
        linePath(props.appId, `/templates/${encodeURIComponent(props.templateId)}/keyword-boxes${query(q)}`),
      ),
    staleTime: 300_000,
  });
  const box = answer.data?.boxes.find((b) => b.occurrence === (f.occurrence ?? 1));
  if (!box || box.page !== props.page) return null;
  const b = toPixels(box, props.size, props.width);
  const color = roleColor(props.roles, f.role);
  return (
    <div
      data-testid="keyword-box"
      data-role={f.role}
      title={`${f.role} · ${t('templates.signers.keywordAt', { keyword: f.keyword })}`}
      style={{
        position: 'absolute',
        left: b.left,
        top: b.top,
        width: b.width,
        height: b.height,
        border: `2px dashed ${color}`,
        background: `${color}14`,
        color,
        fontSize: 11,
        fontWeight: 600,
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        textAlign: 'center',
        boxSizing: 'border-box',
        pointerEvents: 'none',
      }}
    >
      {f.role}
      <br />
      {`「${f.keyword}」`}
    </div>
  );
}
