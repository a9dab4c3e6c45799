export const intuitEnvironments = ['sandbox', 'production'] as const;

export type IntuitEnvironment = (typeof intuitEnvironments)[number];

export function isIntuitEnvironment(value: unknown): value is IntuitEnvironment {
  return value === 'sandbox' || value === 'production';
}
