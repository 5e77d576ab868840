/**
 * The port to whoever checks real-name factors against an authoritative source (for people the
 * public security ID database and a carrier's phone-owner records; for organisations the market
 * regulator's register). Commercial vendors (e签宝, 阿里云 实人认证, 腾讯云 慧眼 …) each have an
 * API of their own and none is reachable from here, so Hetong ships two adapters: `http` (a small
 * signed JSON protocol, http-provider.ts, that an operator puts in front of their vendor) and
 * `manual` (an operator decides in the console).
 *
 * A provider never throws for a non-match: it answers. Adapters turn every way of not answering
 * (timeout, network error, HTTP error, garbage) into `failed` with the reason, never `verified`.
 */

export interface PersonFactors {
  name: string;
  /** Checked by id-number.ts before the provider sees it. */
  idNumber: string;
  /** The phone of the 3-factor check (name + ID number + the phone's registered owner). */
  mobile: string;
}

export interface OrganizationFactors {
  name: string;
  /** Checked by credit-code.ts before the provider sees it. */
  creditCode: string;
  legalRepresentative: { name: string };
}

export type ProviderAnswer =
  | { outcome: 'verified'; reference?: string }
  | { outcome: 'failed'; reason: string; reference?: string }
  /** The decision comes later, from an operator (the manual provider). */
  | { outcome: 'pending' };

export interface RealNameProvider {
  /** `manual` or `http`: stored with each record as the method of verification. */
  readonly name: 'manual' | 'http';
  verifyPerson(factors: PersonFactors): Promise<ProviderAnswer>;
  verifyOrganization(factors: OrganizationFactors): Promise<ProviderAnswer>;
}

/** Every request waits for an operator's approval or rejection in the console. */
export class ManualProvider implements RealNameProvider {
  readonly name = 'manual' as const;

  async verifyPerson(): Promise<ProviderAnswer> {
    return { outcome: 'pending' };
  }

  async verifyOrganization(): Promise<ProviderAnswer> {
    return { outcome: 'pending' };
  }
}
