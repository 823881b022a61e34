/** The media types a FHIR JSON body or answer may have (decision 1). */
const JSON_TYPES = new Set(['application/fhir+json', 'application/json']);

const essence = (value: string): string => (value.split(';', 1)[0] ?? '').trim().toLowerCase();

/** Is this Content-Type a FHIR JSON body? Parameters (charset) are allowed; a charset must be UTF-8. */
export function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  if (!JSON_TYPES.has(essence(header))) return false;
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(header)?.[1];
  return charset === undefined || charset.toLowerCase() === 'utf-8';
}

export function isFormContentType(header: string | undefined): boolean {
  return header !== undefined && essence(header) === 'application/x-www-form-urlencoded';
}

/** `_format` values that mean JSON (the short forms are FHIR's own). */
const JSON_FORMATS = new Set(['json', 'application/json', 'application/fhir+json']);

/**
 * Can we answer in FHIR JSON? Accept ranges with `q=0` are refusals; a missing Accept accepts
 * anything. `_format` overrides Accept, as FHIR says.
 */
export function acceptsFhirJson(accept: string | undefined, format: string | null): boolean {
  if (format !== null) return JSON_FORMATS.has(essence(format));
  if (accept === undefined || accept.trim() === '') return true;
  return accept.split(',').some((range) => {
    const type = essence(range);
    const q = /;\s*q\s*=\s*([0-9.]+)/i.exec(range)?.[1];
    if (q !== undefined && Number(q) === 0) return false;
    return type === '*/*' || type === 'application/*' || JSON_TYPES.has(type);
  });
}
