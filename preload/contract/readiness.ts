/**
 * The readiness check «Проверка рабочего места» (issue 17): one line per thing a desk needs, each
 * with what was found and, when it is not in order, what to do. Texts come from the main process in
 * both interface languages (the lines name files, ports and figures only the main process knows).
 * Also the updater's state for the header.
 */
import { z } from 'zod';

export const localizedSchema = z.object({ ru: z.string(), be: z.string() });
export type Localized = z.infer<typeof localizedSchema>;

export const readinessStatuses = ['ok', 'warn', 'fail'] as const;
export type ReadinessStatus = (typeof readinessStatuses)[number];

export const readinessLineSchema = z.object({
  /** Stable id (`database`, `registry.clock`, …): tests and IT scripts key on it. */
  id: z.string(),
  status: z.enum(readinessStatuses),
  /** What is checked («База данных»). */
  title: localizedSchema,
  /** What was found. */
  text: localizedSchema,
  /** What to do; null when the line is in order. */
  todo: localizedSchema.nullable(),
});
export type ReadinessLine = z.infer<typeof readinessLineSchema>;

export const readinessReportSchema = z.object({
  /** When the check ran (ISO instant); the report prints it in Minsk time. */
  at: z.string(),
  /** No line failed (warnings do not make a desk unready). */
  ready: z.boolean(),
  lines: z.array(readinessLineSchema),
});
export type ReadinessReport = z.infer<typeof readinessReportSchema>;

/** The updater as the admin's header shows it; `none`: this transport has no updater (the browser harness). */
export const updateStatusSchema = z.object({
  status: z.enum(['none', 'disabled', 'idle', 'checking', 'downloading', 'downloaded', 'error']),
  /** The version being downloaded or waiting for the quit. */
  version: z.string().nullable(),
});
export type UpdateStatus = z.infer<typeof updateStatusSchema>;
