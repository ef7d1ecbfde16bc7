// The shape of a "what would help" theme, as an organisation writes it (config/themes.default.yaml or
// a `themes:` list in its organisation file). Kept apart from the matcher so config.ts stays light.
import { z } from 'zod';

export const ThemeDefinition = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, numbers and dashes'),
  /** What a manager reads, in plain words. */
  label: z.string().trim().min(1),
  /**
   * Words or phrases, matched as whole words, ignoring case. A trailing * matches any ending:
   * "break*" matches "break", "breaks" and "breakfast" alike, so choose stems with care.
   */
  keywords: z.array(z.string().trim().min(1)).min(1, 'needs at least one keyword'),
});
export type ThemeDefinition = z.infer<typeof ThemeDefinition>;

export const ThemeList = z
  .array(ThemeDefinition)
  .max(30, 'at most 30 themes: a longer list is hard to read and to keep up to date')
  .superRefine((themes, ctx) => {
    const seen = new Set<string>();
    themes.forEach((t, i) => {
      if (seen.has(t.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate theme id "${t.id}"` });
      seen.add(t.id);
    });
  });
