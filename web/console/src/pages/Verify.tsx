// Being written this session.
export function Verify() {
  return <div>Verify</div>;
}
