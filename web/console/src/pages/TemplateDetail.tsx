// Being written this session.
export function TemplateDetail() {
  return <div>TemplateDetail</div>;
}
