// Being written this session.
export function Seals() {
  return <div>Seals</div>;
}
