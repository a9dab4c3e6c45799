import type { Company } from '../storage/company-repository';
import { EngineError } from './engine-error';

/** A company named by its realm id, its id, or a unique prefix of its name (any case). */
export function findCompany(companies: readonly Company[], query: string): Company {
  const wanted = query.trim();
  const exact = companies.filter((company) => company.realmId === wanted || company.id === wanted);
  if (exact.length === 1 && exact[0] !== undefined) return exact[0];
  const lower = wanted.toLocaleLowerCase();
  const byName = companies.filter((company) => company.name.toLocaleLowerCase() === lower);
  if (byName.length === 1 && byName[0] !== undefined) return byName[0];
  const byPrefix = companies.filter((company) => company.name.toLocaleLowerCase().startsWith(lower));
  if (byPrefix.length === 1 && byPrefix[0] !== undefined) return byPrefix[0];
  if (exact.length + byName.length + byPrefix.length === 0 || wanted === '') {
    throw new EngineError('unknown_company', `No company matches "${query}". \`realmkeeper status\` lists them.`);
  }
  const names = [...new Set([...exact, ...byName, ...byPrefix].map((company) => `${company.name} (${company.environment} ${company.realmId})`))];
  throw new EngineError('ambiguous_company', `"${query}" matches several companies: ${names.join(', ')}. Use more of the name or the realm id.`);
}
