// Being written this session.
export function Templates() {
  return <div>Templates</div>;
}
