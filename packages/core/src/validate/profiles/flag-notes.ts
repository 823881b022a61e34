import { gen2Extension, gen3Extension } from '../../canonical.js';
import { isObject, type JsonObject } from '../json-read.js';
import type { Report } from './profile-report.js';

/**
 * Gen 3 names the notes extension `Extension-England-FlagNotes`, but every Gen 3 example still
 * writes the Gen 2 `Extension-FlagNotes` url (domain.md §7 item 20): a warning, since the meaning
 * is unambiguous and the mapping reads both.
 */
export function checkNotesExtensionUrl(resource: JsonObject, path: string, report: Report): void {
  const extensions = resource.extension;
  if (!Array.isArray(extensions)) return;
  for (let index = 0; index < extensions.length; index++) {
    const extension: unknown = extensions[index];
    if (isObject(extension) && extension.url === gen2Extension.flagNotes) {
      report('profile.extension-url-old', `${path}.extension[${index}].url`, { expected: gen3Extension.flagNotes });
    }
  }
}
