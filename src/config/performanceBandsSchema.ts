import { z } from 'zod';

const METRICS = ['accuracy', 'precision', 'recall', 'f1', 'roc_auc', 'log_loss', 'mae', 'rmse', 'mape'] as const;

/** Two-sided bands per metric: a window's metric below `lower` or above `upper` is a warning (NannyML's rule), for losses and errors too. */
export const performanceBandsSchema = z.partialRecord(
  z.enum(METRICS),
  z.strictObject({ lower: z.number().optional(), upper: z.number().optional() })
    .refine((b) => b.lower !== undefined || b.upper !== undefined, 'give lower, upper or both')
    .refine((b) => b.lower === undefined || b.upper === undefined || b.lower < b.upper, 'lower must be below upper'),
);
