// Being written this session.
export function BusinessLines() {
  return <div>BusinessLines</div>;
}
