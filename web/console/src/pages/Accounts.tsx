// Being written this session.
export function Accounts() {
  return <div>Accounts</div>;
}
