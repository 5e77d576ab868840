// Being written this session.
export function Webhooks() {
  return <div>Webhooks</div>;
}
