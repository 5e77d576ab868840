/** The templates API as the console calls it (the business line's routes under /admin/api/lines). */
import { useQuery } from '@tanstack/react-query';
import { api, get, linePath, query } from '../api';
import type {
  FieldAnalysis,
  PreviewMode,
  PreviewPages,
  SignField,
  Template,
  TemplateGroup,
  TemplateVersion,
} from './types';

const path = (appId: string, templateId: string, rest = '') =>
  linePath(appId, `/templates/${encodeURIComponent(templateId)}${rest}`);

export function useTemplate(appId: string, id: string) {
  return useQuery({ queryKey: ['template', appId, id], queryFn: () => get<Template>(path(appId, id)) });
}

export function useGroups(appId: string) {
  return useQuery({
    queryKey: ['template-groups', appId],
    queryFn: async () => (await get<{ items: TemplateGroup[] }>(linePath(appId, '/template-groups'))).items,
  });
}

export function useFields(appId: string, id: string, versionId?: string) {
  return useQuery({
    queryKey: ['template-fields', appId, id, versionId ?? ''],
    queryFn: () => get<FieldAnalysis>(path(appId, id, `/fields${query({ versionId })}`)),
  });
}

export function usePreviewPages(appId: string, id: string, mode: PreviewMode, versionId?: string) {
  return useQuery({
    queryKey: ['template-pages', appId, id, mode, versionId ?? ''],
    queryFn: () => get<PreviewPages>(path(appId, id, `/preview-pages${query({ mode, versionId })}`)),
    staleTime: 300_000,
  });
}

/** The PNG of one page; the session cookie goes with a same-origin <img>. */
export function previewPngUrl(
  appId: string,
  id: string,
  o: { page: number; width: number; mode: PreviewMode; versionId?: string },
): string {
  return path(
    appId,
    id,
    `/preview.png${query({ page: o.page, width: o.width, mode: o.mode, versionId: o.versionId })}`,
  );
}

export function previewHtmlUrl(appId: string, id: string, versionId: string): string {
  return path(appId, id, `/preview.html${query({ mode: 'tags', versionId })}`);
}

/** Uploads a .docx as a new template (version 1), multipart as the API takes it. */
export function uploadTemplate(
  appId: string,
  input: { file: Blob; name: string; groupId?: string | null; signerRoles: string[] },
): Promise<Template> {
  const form = new FormData();
  form.set('name', input.name);
  if (input.groupId) form.set('groupId', input.groupId);
  form.set('signerRoles', JSON.stringify(input.signerRoles));
  form.set('file', input.file, 'template.docx');
  return api<Template>('POST', linePath(appId, '/templates'), form);
}

/**
 * Saves signer roles and sign fields as a new version without a file: the server keeps the
 * latest version's .docx; the version waits for legal's approval.
 */
export function saveSigners(
  appId: string,
  id: string,
  input: { signerRoles: string[]; signFields: SignField[] },
): Promise<TemplateVersion> {
  const form = new FormData();
  form.set('signerRoles', JSON.stringify(input.signerRoles));
  form.set('signFields', JSON.stringify(input.signFields));
  return api<TemplateVersion>('POST', path(appId, id, '/versions'), form);
}
