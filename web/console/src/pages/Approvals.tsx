// Being written this session.
export function Approvals() {
  return <div>Approvals</div>;
}
