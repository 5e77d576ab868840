/**
 * Dictionaries (字典管理): a business line's lists of values — contract types, seal types, id
 * types … — that templates, scenes and forms choose from, and that business systems read through
 * the API so both sides use the same codes. The platform ships a few (built-in, read-only until a
 * line saves its own list under the same code, which then replaces it for that line). Pure.
 */
import { HetongError } from '../shared/errors.js';

export interface DictionaryItem {
  /** The code stored and sent (e.g. `ID_CARD`). */
  value: string;
  /** What people read (e.g. 居民身份证). */
  label: string;
  /** Kept for old data, not offered for new input. */
  disabled?: boolean;
}

export interface DictionaryInput {
  name: string;
  description?: string;
  items: DictionaryItem[];
}

export interface Dictionary extends DictionaryInput {
  code: string;
  /** The platform's list (no line has replaced it). */
  builtin: boolean;
  updatedAt: number | null;
}

export const MAX_DICTIONARY_ITEMS = 500;
const CODE = /^[a-z][a-z0-9_]{1,39}$/;
const VALUE = /^[A-Za-z0-9_.:-]{1,64}$/;

/** The platform's lists; a line may replace any of them with its own under the same code. */
export const BUILTIN_DICTIONARIES: readonly Dictionary[] = [
  {
    code: 'person_id_types',
    name: '个人证件类型',
    description: 'Identity documents of people (signer subject idType).',
    builtin: true,
    updatedAt: null,
    items: [
      { value: 'ID_CARD', label: '居民身份证' },
      { value: 'PASSPORT', label: '护照' },
      { value: 'HK_MACAO_PERMIT', label: '港澳居民来往内地通行证' },
      { value: 'TAIWAN_PERMIT', label: '台湾居民来往大陆通行证' },
      { value: 'FOREIGN_PERMANENT_RESIDENT', label: '外国人永久居留身份证' },
      { value: 'user_id', label: '业务系统用户 ID' },
    ],
  },
  {
    code: 'organization_id_types',
    name: '机构证件类型',
    description: 'Identifiers of organisations (signer subject idType).',
    builtin: true,
    updatedAt: null,
    items: [
      { value: 'USCC', label: '统一社会信用代码' },
      { value: 'merchant_no', label: '商户号' },
      { value: 'shop_id', label: '店铺 ID' },
    ],
  },
  {
    code: 'seal_types',
    name: '印章类型',
    description: 'What an organisation seal is for.',
    builtin: true,
    updatedAt: null,
    items: [
      { value: 'official', label: '公章' },
      { value: 'contract', label: '合同专用章' },
      { value: 'finance', label: '财务专用章' },
      { value: 'hr', label: '人事专用章' },
      { value: 'legal_representative', label: '法定代表人章' },
    ],
  },
  {
    code: 'contract_types',
    name: '合同类型',
    description: 'Kinds of contract, for templates and contract groups.',
    builtin: true,
    updatedAt: null,
    items: [
      { value: 'purchase', label: '采购合同' },
      { value: 'sales', label: '销售合同' },
      { value: 'service', label: '服务合同' },
      { value: 'labor', label: '劳动合同' },
      { value: 'lease', label: '租赁合同' },
      { value: 'nda', label: '保密协议' },
      { value: 'agreement', label: '用户协议' },
    ],
  },
];

export function checkDictionaryCode(code: string): void {
  if (!CODE.test(code))
    throw new HetongError(
      'DICTIONARY_CODE_INVALID',
      400,
      'a dictionary code is 2–40 lower-case letters, digits or underscores, starting with a letter',
    );
}

/** Every problem of a list at once (422 DICTIONARY_INVALID), or the list as it will be stored. */
export function checkDictionary(input: DictionaryInput): DictionaryInput {
  const problems: { path: string; message: string }[] = [];
  const name = input.name.trim();
  if (!name || name.length > 100) problems.push({ path: 'name', message: 'a name of 1–100 characters' });
  if (input.items.length > MAX_DICTIONARY_ITEMS)
    problems.push({ path: 'items', message: `at most ${MAX_DICTIONARY_ITEMS} items` });
  const seen = new Map<string, number>();
  const items = input.items.map((item, i) => {
    const value = item.value.trim();
    const label = item.label.trim();
    if (!VALUE.test(value))
      problems.push({
        path: `items/${i}/value`,
        message: 'a value is 1–64 letters, digits or _ . : -',
      });
    else if (seen.has(value))
      problems.push({ path: `items/${i}/value`, message: `the same value as item ${seen.get(value)! + 1}` });
    seen.set(value, i);
    if (!label || label.length > 100)
      problems.push({ path: `items/${i}/label`, message: 'a label of 1–100 characters' });
    return { value, label, ...(item.disabled ? { disabled: true } : {}) };
  });
  if (problems.length)
    throw new HetongError('DICTIONARY_INVALID', 422, 'the dictionary has problems', { problems });
  const description = input.description?.trim();
  return { name, ...(description ? { description } : {}), items };
}

/** The lines' own lists over the built-in ones, sorted by code. */
export function mergeDictionaries(own: readonly Dictionary[]): Dictionary[] {
  const byCode = new Map(BUILTIN_DICTIONARIES.map((d) => [d.code, d]));
  for (const d of own) byCode.set(d.code, d);
  return [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
}
