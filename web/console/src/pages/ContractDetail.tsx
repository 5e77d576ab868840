// Being written this session.
export function ContractDetail() {
  return <div>ContractDetail</div>;
}
