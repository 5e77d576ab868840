/**
 * A table over a cursor-paginated list of the API ({ items, nextCursor }): one page at a time
 * from the server, "next" follows the cursor, "previous" goes back along the cursors seen. Any
 * list of 100,000 rows is paged by the server; the console never holds more than a page.
 */
import { useQuery } from '@tanstack/react-query';
import { Button, Space, Table, type TableProps } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Page } from '../api';
import { ErrorAlert } from './errors';

export function CursorTable<T extends object>(
  props: {
    /** Changes of the key (filters) start again at the first page. */
    queryKey: unknown[];
    fetchPage: (cursor: string | undefined) => Promise<Page<T>>;
    rowKey: keyof T & string;
  } & Omit<TableProps<T>, 'dataSource' | 'pagination' | 'rowKey' | 'loading'>,
) {
  const { queryKey, fetchPage, rowKey, ...table } = props;
  const { t } = useTranslation();
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const keyText = JSON.stringify(queryKey);
  useEffect(() => setCursors([undefined]), [keyText]);
  const cursor = cursors.at(-1);
  const page = useQuery({
    queryKey: [...queryKey, 'page', cursor ?? ''],
    queryFn: () => fetchPage(cursor),
    placeholderData: (previous) => previous,
  });
  return (
    <>
      <ErrorAlert error={page.error} />
      <Table<T>
        // Below 960 px (phones) the table scrolls sideways instead of squeezing its columns; wider,
        // the columns share the width and ellipsis works ('max-content' would let a long cell push
        // the others off the page). A table of short cells may ask for 'max-content'.
        scroll={{ x: 960 }}
        {...table}
        rowKey={rowKey}
        loading={page.isFetching}
        dataSource={page.data?.items ?? []}
        pagination={false}
        size="middle"
      />
      <Space style={{ marginTop: 12 }}>
        <Button disabled={cursors.length < 2} onClick={() => setCursors([undefined])}>
          {t('common.first')}
        </Button>
        <Button
          data-testid="next-page"
          disabled={!page.data?.nextCursor}
          onClick={() => setCursors((c) => [...c, page.data!.nextCursor!])}
        >
          {t('common.next')}
        </Button>
      </Space>
    </>
  );
}
