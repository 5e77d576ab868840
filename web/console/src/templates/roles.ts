/** A colour per signer role, by its position, so a role's boxes look the same everywhere. */
const PALETTE = ['#1668dc', '#d4380d', '#389e0d', '#722ed1', '#c41d7f', '#d48806', '#08979c', '#531dab'];

export function roleColor(roles: readonly string[], role: string): string {
  const i = roles.indexOf(role);
  return PALETTE[(i < 0 ? 0 : i) % PALETTE.length]!;
}
