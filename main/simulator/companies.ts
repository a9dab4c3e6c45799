import { z } from 'zod';
import type { Environment } from './environment';
import { createRealmId } from './identifiers';

export interface Company {
  readonly environment: Environment;
  readonly realmId: string;
  readonly companyName: string;
  readonly legalName: string;
  readonly country: string;
  readonly addressLine: string;
  readonly city: string;
  readonly region: string;
  readonly postalCode: string;
  readonly email: string;
  readonly phone: string;
  readonly companyStartDate: string;
  readonly offeringSku: string;
}

export const companyInputSchema = z.strictObject({
  environment: z.enum(['sandbox', 'production']),
  companyName: z.string().trim().min(1).max(100),
  realmId: z
    .string()
    .regex(/^\d{10,19}$/, 'a realm id is 10 to 19 digits')
    .optional(),
  legalName: z.string().min(1).max(100).optional(),
  email: z.string().min(3).max(100).optional(),
});

export type CompanyInput = z.infer<typeof companyInputSchema>;

function company(environment: Environment, realmId: string, companyName: string, city: string, region: string): Company {
  const slug = companyName.toLowerCase().replace(/[^a-z]+/g, '');
  return {
    environment,
    realmId,
    companyName,
    legalName: companyName,
    country: 'US',
    addressLine: '123 Sierra Way',
    city,
    region,
    postalCode: '87999',
    email: `books@${slug}.example.com`,
    phone: '(650) 555-0134',
    companyStartDate: '2015-06-05',
    offeringSku: 'QuickBooks Online Plus',
  };
}

export function defaultCompanies(): Company[] {
  return [
    company('sandbox', '9341452148659287', "Larry's Bakery", 'San Pablo', 'CA'),
    company('sandbox', '9341453120938471', "Amy's Bird Sanctuary", 'Bayshore', 'CA'),
    company('sandbox', '9341455037762014', 'Sandbox Company_US_1', 'Mountain View', 'CA'),
    company('production', '4620816365215477650', 'Harbor Street Dental LLC', 'Portland', 'OR'),
    company('production', '4620816365227731842', 'Greenleaf Landscaping Inc.', 'Austin', 'TX'),
    company('production', '4620816365239918034', "Rosa's Taqueria", 'Tucson', 'AZ'),
  ];
}

/** The companies the simulated signed-in user can pick on the consent page. */
export class CompanyDirectory {
  #companies: Company[];

  constructor(initial: readonly Company[]) {
    this.#companies = [...initial];
  }

  list(environment?: Environment): readonly Company[] {
    return environment === undefined ? [...this.#companies] : this.#companies.filter((entry) => entry.environment === environment);
  }

  find(realmId: string): Company | undefined {
    return this.#companies.find((entry) => entry.realmId === realmId);
  }

  /** Throws a RangeError when the realm id is already taken (in either environment). */
  add(input: CompanyInput): Company {
    const taken = new Set(this.#companies.map((entry) => entry.realmId));
    const realmId = input.realmId ?? createRealmId(input.environment, taken);
    if (taken.has(realmId)) {
      throw new RangeError(`realm id ${realmId} already exists`);
    }
    const base = company(input.environment, realmId, input.companyName, 'Mountain View', 'CA');
    const added: Company = { ...base, legalName: input.legalName ?? input.companyName, email: input.email ?? base.email };
    this.#companies.push(added);
    return added;
  }

  replaceAll(companies: readonly Company[]): void {
    this.#companies = [...companies];
  }
}
