/** Page previews of a version: sample data or tag names, page by page. */
import { useState } from 'react';
import { ErrorAlert } from '../components/errors';
import { usePreviewPages } from './api';
import { PageImage, PreviewControls } from './PageImage';
import type { PreviewMode } from './types';

export function PreviewTab(props: { appId: string; templateId: string; versionId?: string }) {
  const [mode, setMode] = useState<PreviewMode>('sample');
  const [page, setPage] = useState(1);
  const pages = usePreviewPages(props.appId, props.templateId, mode, props.versionId);
  const size = pages.data?.pages[page - 1];
  return (
    <>
      <ErrorAlert error={pages.error} />
      <PreviewControls
        mode={mode}
        onMode={setMode}
        page={page}
        pages={pages.data?.pages.length ?? 1}
        onPage={setPage}
      />
      <PageImage
        appId={props.appId}
        templateId={props.templateId}
        {...(props.versionId ? { versionId: props.versionId } : {})}
        page={page}
        mode={mode}
        width={640}
        {...(size ? { aspect: size.height / size.width } : {})}
      />
    </>
  );
}
