// Being written this session.
export function Audit() {
  return <div>Audit</div>;
}
