import { z } from 'zod';
import { secureEndpointProblem } from '../discovery/endpoint-url';
import { redirectModes } from './config-types';
import { keepAliveIntervalHoursRange, refreshConcurrencyRange } from './settings-catalog';

const endpointUrl = z.string().superRefine((value, context) => {
  const problem = secureEndpointProblem(value);
  if (problem !== undefined) {
    context.addIssue({ code: 'custom', message: problem });
  }
});

/**
 * One schema per settable value. Client id and redirect URI are only required to be text here:
 * their rules depend on the environment and the redirect mode, and `validateEnvironment` reports
 * them with codes and fixes.
 */
export const settingSchemas = {
  discoveryUrl: endpointUrl,
  apiBaseUrl: endpointUrl,
  clientId: z.string().min(1, 'must not be empty'),
  redirectMode: z.enum(redirectModes),
  redirectUri: z.string().min(1, 'must not be empty'),
  keepAliveIntervalHours: z
    .number()
    .min(keepAliveIntervalHoursRange.minimum)
    .max(keepAliveIntervalHoursRange.maximum),
  refreshConcurrency: z.int().min(refreshConcurrencyRange.minimum).max(refreshConcurrencyRange.maximum),
  notifications: z.boolean(),
} as const;

export const environmentSectionSchema = z.strictObject({
  discoveryUrl: settingSchemas.discoveryUrl.optional(),
  apiBaseUrl: settingSchemas.apiBaseUrl.optional(),
  clientId: settingSchemas.clientId.optional(),
  redirectMode: settingSchemas.redirectMode.optional(),
  redirectUri: settingSchemas.redirectUri.optional(),
});

/** Strict: an unknown key is far more often a typo (`clientID`) than a setting from the future. */
export const configFileSchema = z.strictObject({
  sandbox: environmentSectionSchema.optional(),
  production: environmentSectionSchema.optional(),
  keepAliveIntervalHours: settingSchemas.keepAliveIntervalHours.optional(),
  refreshConcurrency: settingSchemas.refreshConcurrency.optional(),
  notifications: settingSchemas.notifications.optional(),
});

export type EnvironmentSection = z.infer<typeof environmentSectionSchema>;
export type ConfigFileContents = z.infer<typeof configFileSchema>;
