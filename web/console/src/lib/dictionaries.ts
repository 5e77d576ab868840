/** The business line's dictionaries (字典), as forms of the console offer their values. */
import { useQuery } from '@tanstack/react-query';
import { get, linePath } from '../api';
import { useAppId } from '../line';

import type { Dictionary, DictionaryItem } from '../wire';

// The wire contract (src/http/wire/dictionaries.ts, typed from the routes' schemas).
export type { Dictionary, DictionaryItem };

/**
 * The enabled values of one dictionary of the current line, as a form's options: by default the
 * value with its label shown; `option` shapes them otherwise (e.g. the label as the value).
 */
export function useDictionary(
  code: string,
  option: (item: DictionaryItem) => { value: string; label: string } = (i) => ({
    value: i.value,
    label: `${i.label}（${i.value}）`,
  }),
): { value: string; label: string }[] {
  const appId = useAppId();
  const q = useQuery({
    queryKey: ['dictionaries', appId],
    queryFn: () => get<{ items: Dictionary[] }>(linePath(appId, '/dictionaries')),
    staleTime: 60_000,
  });
  const d = q.data?.items.find((x) => x.code === code);
  return (d?.items ?? []).filter((i) => !i.disabled).map(option);
}
