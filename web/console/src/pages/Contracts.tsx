// Being written this session.
export function Contracts() {
  return <div>Contracts</div>;
}
