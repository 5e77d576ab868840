/**
 * The text of a template version as paragraphs, for the diff of two versions: the HTML preview
 * with tag names (GET …/preview.html?mode=tags) read with DOMParser, one line per <p> (the
 * preview writes every paragraph, table cells' too, as a <p>). No server route of its own: the
 * preview already is the version's text in reading order, and tags show as their names, so a
 * changed tag is a changed line.
 */
import { useQuery } from '@tanstack/react-query';
import { ApiError } from '../api';
import { previewHtmlUrl } from './api';

/** The paragraphs' texts of a preview page, empty ones left out. */
export function paragraphs(html: string): string[] {
  // Styles are dropped before parsing: the inert document never renders, and nothing of the
  // server's inline CSS comes near the console's CSP.
  const bare = html.replace(/<style[\s\S]*?<\/style>/gi, '').replace(/\sstyle="[^"]*"/g, '');
  const doc = new DOMParser().parseFromString(bare, 'text/html');
  return [...doc.body.querySelectorAll('p')]
    .map((p) => (p.textContent ?? '').replace(/\s+/g, ' ').trim())
    .filter((t) => t !== '');
}

export function useVersionText(appId: string, templateId: string, versionId: string | undefined) {
  return useQuery({
    queryKey: ['version-text', appId, templateId, versionId ?? ''],
    enabled: !!versionId,
    staleTime: Infinity,
    queryFn: async () => {
      const res = await fetch(previewHtmlUrl(appId, templateId, versionId!), { credentials: 'same-origin' });
      if (!res.ok) throw new ApiError(res.status, `HTTP_${res.status}`, res.statusText);
      return paragraphs(await res.text());
    },
  });
}
