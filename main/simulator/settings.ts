import { z } from 'zod';

const seconds = z.number().int().nonnegative().max(10 * 366 * 24 * 3600);
const positiveSeconds = seconds.min(1);

export const simulatorSettingsSchema = z.strictObject({
  accessTokenLifetimeSeconds: positiveSeconds,
  /** Rolling lifetime of each refresh token value, counted from when that value was first issued. */
  refreshTokenLifetimeSeconds: positiveSeconds,
  /** A refresh within this long of the refresh token's issue returns the same value. */
  rotationWindowSeconds: seconds,
  /** Strict reading: every refresh returns a new refresh token. */
  rotateOnEveryRefresh: z.boolean(),
  /** How long a superseded refresh token keeps working (Intuit's FAQ: 24 h; a help article: 0). */
  staleGraceSeconds: seconds,
  /** Maximum life of a connection's refresh tokens from the original consent (Intuit, Nov 2025). */
  hardCapSeconds: positiveSeconds,
  codeLifetimeSeconds: positiveSeconds,
  refreshTokenFormat: z.enum(['RT1', 'AB1']),
  /** `mixed`: refresh-grant failures carry an `error_description`, code-grant failures do not. */
  invalidGrantDescriptions: z.enum(['mixed', 'none']),
  /**
   * INTUIT.md describes API faults as `fault.error[0]` (lowercase, as the 401 body really is);
   * QBO's other faults are often seen as `Fault.Error[0].Message`. Both readings are available.
   */
  apiFaultKeys: z.enum(['lowercase', 'pascal']),
});

export type SimulatorSettings = z.infer<typeof simulatorSettingsSchema>;

export const simulatorSettingsPatchSchema = simulatorSettingsSchema.partial();

export type SimulatorSettingsPatch = z.infer<typeof simulatorSettingsPatchSchema>;

export const fiveYearsSeconds = 1826 * 24 * 3600;

export function defaultSettings(strict: boolean): SimulatorSettings {
  return {
    accessTokenLifetimeSeconds: 3600,
    refreshTokenLifetimeSeconds: 8_726_400,
    rotationWindowSeconds: 24 * 3600,
    rotateOnEveryRefresh: strict,
    staleGraceSeconds: strict ? 0 : 24 * 3600,
    hardCapSeconds: fiveYearsSeconds,
    codeLifetimeSeconds: 600,
    refreshTokenFormat: 'RT1',
    invalidGrantDescriptions: 'mixed',
    apiFaultKeys: 'lowercase',
  };
}
