import { z } from 'zod';

export const regionSchema = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { message: 'expected an AWS region such as ap-northeast-1' });

/** Where a run's outcome is reported: per fleet, or per workflow under `terminate:` / `goldenImage:`. */
export const notificationTargetsSchema = z.strictObject({
  slackWebhook: z.union([z.strictObject({ env: z.string().min(1) }), z.strictObject({ ssmParameter: z.string().min(1) })]).optional(),
  snsTopicArn: z.string().regex(/^arn:aws[a-z-]*:sns:/, { message: 'expected an SNS topic ARN' }).optional(),
  region: regionSchema.optional(),
});
