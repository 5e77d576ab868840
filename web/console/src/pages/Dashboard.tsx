// Being written this session.
export function Dashboard() {
  return <div>Dashboard</div>;
}
